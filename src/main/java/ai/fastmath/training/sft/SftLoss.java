package ai.fastmath.training.sft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Next-token cross-entropy on reply tokens only. The logits of position t predict token t + 1, so the
 * target of position t is the next token and it counts when that token is part of the reply.
 */
public final class SftLoss {

    private SftLoss() {}

    /**
     * The summed negative log-likelihood of the reply tokens (divide by the step's reply tokens for the
     * mean).
     *
     * @param logits (total tokens, vocab) float32, the examples' rows one after another
     * @return () float32
     */
    public static NDArray summedNll(NDManager scope, NDArray logits, List<SftExample> batch) {
        int n = batch.stream().mapToInt(e -> e.tokens().length).sum();
        long[] targets = new long[n];
        float[] weights = new float[n];
        int row = 0;
        for (SftExample e : batch) {
            int[] t = e.tokens();
            for (int i = 0; i < t.length; i++, row++) {
                if (i + 1 < t.length && e.hasLoss(i + 1)) {
                    targets[row] = t[i + 1];
                    weights[row] = 1;
                }
            }
        }
        NDArray target = scope.create(targets, new Shape(n, 1));
        NDArray weight = scope.create(weights, new Shape(n));
        NDArray logp = logits.logSoftmax(1).gather(target, 1).reshape(n); // (n)
        return logp.mul(weight).sum().neg();
    }
}
