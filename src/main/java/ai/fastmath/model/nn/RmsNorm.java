package ai.fastmath.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Root-mean-square normalisation as in Qwen2: variance in float32, then scaled by a learned weight. */
public final class RmsNorm {

    private RmsNorm() {}

    /**
     * @param x (..., hidden)
     * @param weight (hidden)
     * @param eps () float32 scalar array
     * @return (..., hidden) in the dtype of {@code x}
     */
    public static NDArray apply(NDArray x, NDArray weight, NDArray eps) {
        DataType type = x.getDataType();
        NDArray x32 = type == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        NDArray rms = x32.square().mean(new int[] {-1}, true).add(eps).sqrt();
        NDArray normed = x32.div(rms);
        if (type != DataType.FLOAT32) {
            normed = normed.toType(type, false);
        }
        return normed.mul(weight);
    }
}
