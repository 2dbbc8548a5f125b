package ai.fastmath.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Moves named tensors from a {@link TensorSource} onto a device in row chunks through one reused
 * host staging buffer, so loading a checkpoint holds at most one chunk (256 MiB) on the host beyond
 * what the device already has, and leaves no direct buffers for the garbage collector.
 */
final class TensorLoader {

    /** Elements per host-side chunk (64 Mi floats = 256 MiB). */
    static final long CHUNK_ELEMENTS = 64L << 20;

    private final NDManager manager;
    private final DataType dtype;
    private final long chunkElements;
    private ByteBuffer staging = ByteBuffer.allocateDirect(0);

    TensorLoader(NDManager manager, DataType dtype) {
        this(manager, dtype, CHUNK_ELEMENTS);
    }

    TensorLoader(NDManager manager, DataType dtype, long chunkElements) {
        this.manager = manager;
        this.dtype = dtype;
        this.chunkElements = chunkElements;
    }

    /**
     * Loads {@code name}, checking its shape against {@code expected}.
     *
     * @return an array of shape {@code expected} in the loader's dtype, attached to its manager
     */
    NDArray load(TensorSource src, String name, long... expected) {
        long[] shape = src.shape(name);
        if (!Arrays.equals(shape, expected)) {
            throw new CheckpointException(
                    "tensor " + name + " has shape " + Arrays.toString(shape)
                            + " but config.json implies " + Arrays.toString(expected));
        }
        long rowSize = 1;
        for (int i = 1; i < shape.length; i++) {
            rowSize *= shape[i];
        }
        long rows = shape.length == 0 ? 1 : shape[0];
        long rowsPerChunk = Math.max(1, chunkElements / Math.max(1, rowSize));
        if (rowsPerChunk >= rows) {
            return chunk(src, name, 0, rows, rowSize, shape);
        }
        NDList parts = new NDList();
        try {
            for (long r = 0; r < rows; r += rowsPerChunk) {
                parts.add(chunk(src, name, r, Math.min(rowsPerChunk, rows - r), rowSize, shape));
            }
            return NDArrays.concat(parts, 0);
        } finally {
            parts.close();
        }
    }

    private NDArray chunk(TensorSource src, String name, long row, long rows, long rowSize, long[] shape) {
        long count = rows * rowSize;
        if (staging.capacity() < count * 4) {
            staging = ByteBuffer.allocateDirect(Math.toIntExact(count * 4)).order(ByteOrder.LITTLE_ENDIAN);
        }
        staging.clear();
        src.readF32(name, row * rowSize, count, staging);
        ByteBuffer data = staging.flip().slice().order(ByteOrder.LITTLE_ENDIAN);
        long[] chunkShape = shape.clone();
        if (chunkShape.length > 0) {
            chunkShape[0] = rows;
        }
        // On the CPU libtorch wraps the staging buffer without copying: copy (or convert) before reuse.
        try (NDArray wrapped = manager.create(data, new Shape(chunkShape), DataType.FLOAT32)) {
            return dtype == DataType.FLOAT32 ? wrapped.duplicate() : wrapped.toType(dtype, true);
        }
    }
}
