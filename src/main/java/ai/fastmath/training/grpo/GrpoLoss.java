package ai.fastmath.training.grpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The clipped surrogate with a KL penalty, per completion token t:
 * {@code -min(rho A, clip(rho, 1 - epsLow, 1 + epsHigh) A) + beta KL}, with rho = exp(logp - logp_old) and
 * KL = exp(ref - logp) - (ref - logp) - 1 (the k3 estimator, >= 0, zero with zero gradient where the
 * policy equals the reference), summed with the {@link LossType} weights.
 */
public final class GrpoLoss {

    /** The loss and what the step log reports about it (means over the weighted tokens). */
    public record Result(NDArray loss, double kl, double clipFraction) {}

    private final double epsLow;
    private final double epsHigh;
    private final double beta;

    public GrpoLoss(double epsLow, double epsHigh, double beta) {
        this.epsLow = epsLow;
        this.epsHigh = epsHigh;
        this.beta = beta;
    }

    /**
     * @param logp (C) the policy's log-probabilities of the completion tokens, with gradient
     * @param old (C) the same under the policy that sampled them (no gradient)
     * @param ref (C) the same under the reference model; ignored when beta is 0
     * @param advantage (C) each token's sequence advantage
     * @param weight (C) each token's {@link LossType} weight (0: masked)
     */
    public Result compute(NDManager scope, NDArray logp, NDArray old, NDArray ref, float[] advantage, float[] weight) {
        int c = advantage.length;
        NDArray a = scope.create(advantage, new Shape(c));
        NDArray w = scope.create(weight, new Shape(c));
        NDArray rho = logp.sub(old).exp();
        NDArray low = scope.create(new float[] {(float) (1 - epsLow)}, new Shape());
        NDArray high = scope.create(new float[] {(float) (1 + epsHigh)}, new Shape());
        NDArray clipped = rho.maximum(low).minimum(high);
        NDArray tokenLoss = rho.mul(a).minimum(clipped.mul(a)).neg();
        double kl = 0;
        if (beta != 0) {
            NDArray d = ref.sub(logp);
            NDArray k = d.exp().sub(d).sub(scope.create(new float[] {1f}, new Shape()));
            tokenLoss = tokenLoss.add(k.mul(scope.create(new float[] {(float) beta}, new Shape())));
            kl = mean(k.stopGradient(), weight);
        }
        NDArray loss = tokenLoss.mul(w).sum();
        NDArray r = rho.stopGradient();
        NDArray zero = scope.zeros(new Shape());
        NDArray isClipped = r.lt(low).logicalAnd(a.lt(zero)).logicalOr(r.gt(high).logicalAnd(a.gt(zero)));
        return new Result(loss, kl, mean(isClipped.toType(DataType.FLOAT32, false), weight));
    }

    /** Mean of x over the tokens that carry weight. */
    private static double mean(NDArray x, float[] weight) {
        float[] v = x.toFloatArray();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < v.length; i++) {
            if (weight[i] != 0) {
                sum += v[i];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
