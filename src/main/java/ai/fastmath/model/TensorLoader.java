package ai.fastmath.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Moves one named tensor from a {@link TensorSource} onto a device, in row chunks of bounded size so
 * that loading never holds more than one chunk in host memory beyond the tensor itself.
 */
final class TensorLoader {

    /** Elements per host-side chunk (64 Mi floats = 256 MiB). */
    private static final long CHUNK_ELEMENTS = 64L << 20;

    private TensorLoader() {}

    /**
     * Loads {@code name}, checking its shape against {@code expected}.
     *
     * @return an array of shape {@code expected} in {@code dtype}, attached to {@code manager}
     */
    static NDArray load(TensorSource src, String name, long[] expected, NDManager manager, DataType dtype) {
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
        long rowsPerChunk = Math.max(1, CHUNK_ELEMENTS / Math.max(1, rowSize));
        if (rowsPerChunk >= rows) {
            return chunk(src, name, 0, rows, rowSize, shape, manager, dtype);
        }
        NDList parts = new NDList();
        try {
            for (long r = 0; r < rows; r += rowsPerChunk) {
                parts.add(chunk(src, name, r, Math.min(rowsPerChunk, rows - r), rowSize, shape, manager, dtype));
            }
            return NDArrays.concat(parts, 0);
        } finally {
            parts.close();
        }
    }

    private static NDArray chunk(
            TensorSource src, String name, long row, long rows, long rowSize, long[] shape,
            NDManager manager, DataType dtype) {
        ByteBuffer data = src.readF32(name, row * rowSize, rows * rowSize);
        long[] chunkShape = shape.clone();
        if (chunkShape.length > 0) {
            chunkShape[0] = rows;
        }
        // On the CPU libtorch wraps the Java buffer without copying; copy (or convert) once so the
        // tensor owns native memory and the direct buffer can be collected.
        try (NDArray wrapped = manager.create(data, new Shape(chunkShape), DataType.FLOAT32)) {
            return dtype == DataType.FLOAT32 ? wrapped.duplicate() : wrapped.toType(dtype, true);
        }
    }
}
