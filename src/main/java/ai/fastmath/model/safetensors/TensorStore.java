package ai.fastmath.model.safetensors;

import ai.fastmath.model.CheckpointException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tensors of a checkpoint directory: a single {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json}. Tensors are read one range at a time and widened to float32
 * in Java (bfloat16 and float16 included), never all at once.
 */
public final class TensorStore implements AutoCloseable {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> owner;

    private TensorStore(List<SafetensorsFile> files, Map<String, SafetensorsFile> owner) {
        this.files = files;
        this.owner = owner;
    }

    /** Opens the tensors of a checkpoint directory. */
    public static TensorStore open(Path dir) {
        Path index = dir.resolve(INDEX_FILE);
        Path single = dir.resolve(SINGLE_FILE);
        List<SafetensorsFile> files = new ArrayList<>();
        Map<String, SafetensorsFile> owner = new LinkedHashMap<>();
        try {
            if (Files.exists(index)) {
                Map<String, String> weightMap = readIndex(index);
                Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
                for (String shard : new java.util.TreeSet<>(weightMap.values())) {
                    Path p;
                    try {
                        p = dir.resolve(shard).normalize();
                    } catch (InvalidPathException e) {
                        throw new CheckpointException(index + " lists shard " + shard + ", which is not a file name");
                    }
                    if (!p.startsWith(dir.normalize()) || !Files.exists(p)) {
                        throw new CheckpointException(index + " lists shard " + shard + ", which is missing");
                    }
                    SafetensorsFile f = SafetensorsFile.open(p);
                    files.add(f);
                    byName.put(shard, f);
                }
                for (Map.Entry<String, String> e : weightMap.entrySet()) {
                    SafetensorsFile f = byName.get(e.getValue());
                    if (!f.tensors().containsKey(e.getKey())) {
                        throw new CheckpointException(
                                index + " maps tensor " + e.getKey() + " to " + e.getValue()
                                        + ", which does not contain it");
                    }
                    owner.put(e.getKey(), f);
                }
            } else if (Files.exists(single)) {
                SafetensorsFile f = SafetensorsFile.open(single);
                files.add(f);
                f.tensors().keySet().forEach(n -> owner.put(n, f));
            } else {
                throw new CheckpointException(
                        "no " + SINGLE_FILE + " or " + INDEX_FILE + " in " + dir);
            }
        } catch (RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            throw e;
        }
        return new TensorStore(files, Collections.unmodifiableMap(owner));
    }

    private static Map<String, String> readIndex(Path index) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(index));
        } catch (IOException e) {
            throw new CheckpointException(index + ": not a valid index (" + e.getMessage() + ")", e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new CheckpointException(index + ": no weight_map object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Names of all tensors. */
    public Set<String> names() {
        return owner.keySet();
    }

    /** The header entry of a tensor, or a clear error naming what is missing. */
    public TensorInfo info(String name) {
        SafetensorsFile f = owner.get(name);
        if (f == null) {
            throw new CheckpointException("missing tensor " + name);
        }
        return f.tensors().get(name);
    }

    /** Whether the checkpoint holds this tensor. */
    public boolean contains(String name) {
        return owner.containsKey(name);
    }

    /**
     * Reads {@code count} elements of a tensor from element {@code offset}, widened to little-endian
     * float32, into {@code dst} from its position (which advances by {@code 4 * count}).
     */
    public void readF32(String name, long offset, long count, ByteBuffer dst) {
        TensorInfo t = info(name);
        DType dt = t.dtype();
        if (dt == null) {
            throw new CheckpointException(
                    "tensor " + t.name() + " has unsupported dtype " + t.dtypeName()
                            + " (supported: F32, F16, BF16)");
        }
        if (dst.remaining() < count * 4) {
            throw new IllegalArgumentException("buffer of " + dst.remaining() + " bytes for " + count + " floats");
        }
        ByteBuffer src = owner.get(name).map(t, offset * dt.bytes(), count * dt.bytes());
        ByteBuffer out = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        try {
            switch (dt) {
                case F32 -> out.put(src);
                case BF16 -> {
                    for (long i = 0; i < count; i++) {
                        out.putInt((src.getShort() & 0xFFFF) << 16);
                    }
                }
                case F16 -> {
                    for (long i = 0; i < count; i++) {
                        out.putFloat(DType.f16ToF32(src.getShort()));
                    }
                }
            }
        } finally {
            Unmapper.release(src); // read once: the file need not stay resident beside the weights
        }
        dst.position(dst.position() + (int) (count * 4));
    }

    /** Reads a whole (small) tensor into a float array; for tests and tools. */
    public float[] readFloats(String name) {
        TensorInfo t = info(name);
        float[] out = new float[Math.toIntExact(t.numel())];
        ByteBuffer buf = ByteBuffer.allocate(out.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        readF32(name, 0, out.length, buf);
        buf.flip().asFloatBuffer().get(out);
        return out;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
