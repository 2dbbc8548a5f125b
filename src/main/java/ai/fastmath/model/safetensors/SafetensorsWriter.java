package ai.fastmath.model.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes safetensors files and sharded checkpoints in the Hugging Face layout. Files are written to a
 * temporary name and moved into place, so a crash never leaves a half-written shard under the final
 * name.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {}

    /** Writes one file holding {@code tensors} in the given order. */
    public static void write(Path file, List<NamedTensor> tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (NamedTensor t : tensors) {
            long numel = 1;
            for (long d : t.shape()) {
                numel *= d;
            }
            if (numel * t.dtype().bytes() != t.byteLength()) {
                throw new IllegalArgumentException(
                        t.name() + ": " + t.byteLength() + " bytes for " + numel + " " + t.dtype());
            }
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", t.dtype().name());
            ArrayNode shape = e.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            ArrayNode off = e.putArray("data_offsets");
            off.add(offset);
            off.add(offset + t.byteLength());
            offset += t.byteLength();
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // data section 8-byte aligned, as the reference writer does
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            writeFully(ch, head);
            for (NamedTensor t : tensors) {
                writeFully(ch, t.data().duplicate());
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Writes a checkpoint's tensors into {@code dir}: one {@code model.safetensors} when they fit in
     * {@code maxShardBytes}, else {@code model-0000k-of-0000n.safetensors} shards plus
     * {@code model.safetensors.index.json}. Returns the files written.
     */
    public static List<Path> writeCheckpoint(Path dir, List<NamedTensor> tensors, long maxShardBytes)
            throws IOException {
        List<List<NamedTensor>> shards = new ArrayList<>();
        List<NamedTensor> current = new ArrayList<>();
        long size = 0;
        long total = 0;
        for (NamedTensor t : tensors) {
            if (!current.isEmpty() && size + t.byteLength() > maxShardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(t);
            size += t.byteLength();
            total += t.byteLength();
        }
        shards.add(current);
        Map<String, String> meta = Map.of("format", "pt");
        List<Path> written = new ArrayList<>();
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(TensorStore.INDEX_FILE));
        Files.deleteIfExists(dir.resolve(TensorStore.SINGLE_FILE));
        if (shards.size() == 1) {
            Path f = dir.resolve(TensorStore.SINGLE_FILE);
            write(f, shards.get(0), meta);
            written.add(f);
            return written;
        }
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", total);
        ObjectNode weightMap = index.putObject("weight_map");
        Map<String, String> sorted = new LinkedHashMap<>();
        for (int i = 0; i < shards.size(); i++) {
            String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
            Path f = dir.resolve(name);
            write(f, shards.get(i), meta);
            written.add(f);
            for (NamedTensor t : shards.get(i)) {
                sorted.put(t.name(), name);
            }
        }
        sorted.forEach(weightMap::put);
        Path idx = dir.resolve(TensorStore.INDEX_FILE);
        Files.writeString(idx, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index));
        written.add(idx);
        return written;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
