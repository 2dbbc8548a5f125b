package ai.fastmath.model.safetensors;

import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header.
 *
 * @param name tensor name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param dtypeName dtype as written in the header (may be one FastMath cannot read)
 * @param shape dimensions, outermost first
 * @param begin offset of the first byte, relative to the start of the data section
 * @param end offset one past the last byte, relative to the start of the data section
 */
public record TensorInfo(String name, String dtypeName, long[] shape, long begin, long end) {

    /** The readable dtype, or {@code null} if FastMath cannot read this one. */
    public DType dtype() {
        return DType.fromHeader(dtypeName);
    }

    /** Number of elements; {@link ArithmeticException} when it overflows a long. */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes in the data section. */
    public long byteLength() {
        return end - begin;
    }

    @Override
    public String toString() {
        return name + " " + dtypeName + Arrays.toString(shape);
    }
}
