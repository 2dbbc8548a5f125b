package ai.fastmath.model.safetensors;

import ai.fastmath.model.CheckpointException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code .safetensors} file, opened read-only. The header is parsed and validated up front;
 * tensor data is memory-mapped on request, one range at a time, so a multi-gigabyte shard never
 * needs a copy on the Java heap.
 *
 * <p>Layout: 8-byte little-endian header length N, N bytes of JSON, then the data section.
 */
public final class SafetensorsFile implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Largest single mapping; a Java buffer is int-indexed. */
    static final long MAX_MAP = Integer.MAX_VALUE - 8;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;

    private SafetensorsFile(
            Path path,
            FileChannel channel,
            long dataStart,
            Map<String, TensorInfo> tensors) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
    }

    /** Opens and validates a file; every problem is a {@link CheckpointException} naming it. */
    public static SafetensorsFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new CheckpointException("cannot open " + path + ": " + e, e);
        }
        try {
            long size = channel.size();
            if (size < 8) {
                throw new CheckpointException(path + ": truncated file (" + size + " bytes, no header)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen <= 0 || headerLen > size - 8 || headerLen > 100_000_000L) {
                throw new CheckpointException(
                        path + ": corrupt header: header length " + headerLen
                                + " runs past the end of the file (" + size + " bytes)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(channel, header, 8);
            long dataStart = 8 + headerLen;
            JsonNode root;
            try {
                root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CheckpointException(path + ": corrupt header: not JSON (" + e.getMessage() + ")", e);
            }
            if (root == null || !root.isObject()) {
                throw new CheckpointException(path + ": corrupt header: not a JSON object");
            }
            Map<String, TensorInfo> tensors = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue; // free-form strings; nothing FastMath reads
                }
                tensors.put(e.getKey(), parseEntry(path, e.getKey(), e.getValue(), size - dataStart));
            }
            return new SafetensorsFile(path, channel, dataStart, Collections.unmodifiableMap(tensors));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CheckpointException("cannot read " + path + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static TensorInfo parseEntry(Path path, String name, JsonNode n, long dataSize) {
        JsonNode shapeNode = n.get("shape");
        JsonNode offsets = n.get("data_offsets");
        JsonNode dtype = n.get("dtype");
        if (shapeNode == null || !shapeNode.isArray() || offsets == null || !offsets.isArray()
                || offsets.size() != 2 || dtype == null) {
            throw new CheckpointException(path + ": corrupt header entry for tensor " + name);
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = count(path, name, "dimension", shapeNode.get(i));
        }
        long begin = count(path, name, "data offset", offsets.get(0));
        long end = count(path, name, "data offset", offsets.get(1));
        TensorInfo info = new TensorInfo(name, dtype.asText(), shape, begin, end);
        if (end < begin || end > dataSize) {
            throw new CheckpointException(
                    path + ": tensor " + name + " data offsets [" + begin + ", " + end
                            + ") out of range: the data section has " + dataSize
                            + " bytes (truncated or corrupt file)");
        }
        DType dt = info.dtype();
        long needed;
        try {
            needed = Math.multiplyExact(info.numel(), dt == null ? 1L : dt.bytes());
        } catch (ArithmeticException e) {
            throw new CheckpointException(path + ": tensor " + info + " has more elements than a file can hold", e);
        }
        if (dt != null && needed != info.byteLength()) {
            throw new CheckpointException(
                    path + ": tensor " + info + " needs " + needed + " bytes but its offsets span " + info.byteLength());
        }
        return info;
    }

    /** A dimension or an offset: a non-negative integer (not 2.5, "3" or a number past a long). */
    private static long count(Path path, String tensor, String what, JsonNode n) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw new CheckpointException(path + ": tensor " + tensor + " has a " + what + " that is not a non-negative integer: " + n);
        }
        return n.longValue();
    }

    public Path path() {
        return path;
    }

    /** Tensor entries by name, in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /**
     * Maps {@code length} bytes of a tensor's data starting at {@code offset} within it, read-only and
     * little-endian. The mapping stays valid after this file is closed.
     */
    public ByteBuffer map(TensorInfo t, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > t.byteLength() || length > MAX_MAP) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + t);
        }
        try {
            MappedByteBuffer buf = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin() + offset, length);
            return buf.order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new CheckpointException(path + ": cannot map tensor " + t.name() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a read-only channel: nothing to recover
        }
    }
}
