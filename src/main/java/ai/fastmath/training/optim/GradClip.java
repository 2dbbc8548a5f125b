package ai.fastmath.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.fastmath.model.Qwen2Weights;
import java.util.List;

/**
 * Global-norm gradient clipping ({@code torch.nn.utils.clip_grad_norm_}): the L2 norm over every
 * gradient together, and all gradients scaled by {@code maxNorm / norm} when it is larger. DJL's own
 * {@code optClipGrad} clamps each element instead, which changes the gradient's direction.
 */
public final class GradClip {

    private GradClip() {}

    /**
     * Clips in place.
     *
     * @param maxNorm the largest norm allowed; 0 or less: measure only
     * @return the norm before clipping
     */
    public static double clip(List<Qwen2Weights.Param> params, double maxNorm) {
        try (NoGrad off = NoGrad.enter()) {
            return clipNoGrad(params, maxNorm);
        }
    }

    private static double clipNoGrad(List<Qwen2Weights.Param> params, double maxNorm) {
        double sum = 0;
        for (Qwen2Weights.Param p : params) {
            try (NDManager scope = p.array().getManager().newSubManager()) {
                NDArray g = p.array().getGradient();
                g.attach(scope);
                sum += g.square().sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
            }
        }
        double norm = Math.sqrt(sum);
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            for (Qwen2Weights.Param p : params) {
                try (NDManager scope = p.array().getManager().newSubManager()) {
                    NDArray g = p.array().getGradient();
                    g.attach(scope);
                    g.muli(scale);
                }
            }
        }
        return norm;
    }
}
