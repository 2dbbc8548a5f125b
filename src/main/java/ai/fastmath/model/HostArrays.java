package ai.fastmath.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Creates small per-step arrays (token ids, positions, masks, indices) from Java arrays without
 * leaving native memory to the garbage collector. DJL's {@code manager.create(long[])} wraps a fresh
 * direct buffer that libtorch uses in place and that is freed only when a GC happens to run; at
 * thousands of steps a second that shows up as resident memory climbing between collections. Here
 * the values go through one reused staging buffer per thread and libtorch gets its own copy.
 */
public final class HostArrays {

    private static final ThreadLocal<ByteBuffer> STAGING =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.nativeOrder()));

    private HostArrays() {}

    /** An int64 array of the given shape. */
    public static NDArray longs(NDManager m, long[] values, Shape shape) {
        ByteBuffer buf = staging(values.length * 8L);
        buf.asLongBuffer().put(values);
        return copy(m, buf, values.length * 8, shape, DataType.INT64);
    }

    /** A float32 array of the given shape. */
    public static NDArray floats(NDManager m, float[] values, Shape shape) {
        ByteBuffer buf = staging(values.length * 4L);
        buf.asFloatBuffer().put(values);
        return copy(m, buf, values.length * 4, shape, DataType.FLOAT32);
    }

    private static ByteBuffer staging(long bytes) {
        ByteBuffer buf = STAGING.get();
        if (buf.capacity() < bytes) {
            buf = ByteBuffer.allocateDirect((int) Math.max(bytes, buf.capacity() * 2L)).order(ByteOrder.nativeOrder());
            STAGING.set(buf);
        }
        buf.clear();
        return buf;
    }

    private static NDArray copy(NDManager m, ByteBuffer buf, int bytes, Shape shape, DataType type) {
        ByteBuffer view = buf.duplicate().position(0).limit(bytes).slice().order(ByteOrder.nativeOrder());
        NDArray wrapped = m.create(view, shape, type);
        if (m.getDevice().isGpu()) {
            return wrapped; // copied to the device already
        }
        try (wrapped) {
            return wrapped.duplicate();
        }
    }
}
