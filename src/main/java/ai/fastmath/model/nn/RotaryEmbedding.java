package ai.fastmath.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.fastmath.model.HostArrays;

/**
 * Rotary position embedding in the rotate-half form of Hugging Face Qwen2: dimension i pairs with
 * i + headDim/2, angles pos * theta^(-2i/headDim), computed in float32.
 */
public final class RotaryEmbedding {

    private final float[] invFreq; // (headDim / 2)

    public RotaryEmbedding(int headDim, double theta) {
        invFreq = new float[headDim / 2];
        for (int i = 0; i < invFreq.length; i++) {
            invFreq[i] = (float) (1.0 / Math.pow(theta, (2.0 * i) / headDim));
        }
    }

    /** Cosines and sines for positions (n), each (n, 1, headDim) in {@code dtype}. */
    public NDList tables(NDArray positions, DataType dtype) {
        long n = positions.getShape().get(0);
        NDArray inv = HostArrays.floats(positions.getManager(), invFreq, new Shape(1, invFreq.length));
        NDArray freqs = positions.reshape(n, 1).mul(inv); // (n, headDim/2)
        NDArray emb = NDArrays.concat(new NDList(freqs, freqs), 1).reshape(n, 1, 2L * invFreq.length);
        NDArray cos = emb.cos();
        NDArray sin = emb.sin();
        if (dtype != DataType.FLOAT32) {
            cos = cos.toType(dtype, false);
            sin = sin.toType(dtype, false);
        }
        return new NDList(cos, sin);
    }

    /**
     * @param x (n, heads, headDim)
     * @param tables from {@link #tables}
     * @return x rotated, (n, heads, headDim)
     */
    public static NDArray apply(NDArray x, NDList tables) {
        int last = x.getShape().dimension() - 1;
        NDList halves = x.split(2, last);
        NDArray rotated = NDArrays.concat(new NDList(halves.get(1).neg(), halves.get(0)), last);
        return x.mul(tables.get(0)).add(rotated.mul(tables.get(1)));
    }
}
