package ai.fastmath.model.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A tensor to be written: name, dtype, shape and its bytes in that dtype, little endian.
 *
 * @param shape dimensions, outermost first
 * @param data exactly {@code numel * dtype.bytes()} bytes from position 0
 */
public record NamedTensor(String name, DType dtype, long[] shape, ByteBuffer data) {

    /** A float32 tensor converted to {@code dtype} for writing. */
    public static NamedTensor ofFloats(String name, DType dtype, long[] shape, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (dtype) {
                case F32 -> buf.putFloat(v);
                case F16 -> buf.putShort(DType.f32ToF16(v));
                case BF16 -> buf.putShort(DType.f32ToBf16(v));
            }
        }
        return new NamedTensor(name, dtype, shape, buf.flip());
    }

    /** Bytes of data. */
    public long byteLength() {
        return data.remaining();
    }
}
