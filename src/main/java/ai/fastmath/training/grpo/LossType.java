package ai.fastmath.training.grpo;

/**
 * How per-token losses become the step's loss (TRL's {@code loss_type}). Each is a weight per
 * sequence given to every one of its tokens, so the loss is one weighted sum.
 */
public enum LossType {
    /** Each sequence's mean over its tokens, then the mean over the step's sequences (the original GRPO). */
    GRPO,
    /** Token mean within each micro-batch, then the mean over micro-batches. */
    BNPO,
    /** Token sum divided by (sequences x max completion length): no length bias (Dr. GRPO). */
    DR_GRPO,
    /** Token mean over the whole step (DAPO). */
    DAPO;

    /**
     * The weight of each token of each sequence.
     *
     * @param lengths completion tokens of each sequence of the step
     * @param kept whether a sequence counts (false: a truncated completion, masked out)
     * @param microBatch sequences per forward pass (the step's sequences in order, in slices of this)
     * @param maxCompletion the completion length limit
     */
    public double[] weights(int[] lengths, boolean[] kept, int microBatch, int maxCompletion) {
        int n = lengths.length;
        double[] w = new double[n];
        int micros = (n + microBatch - 1) / microBatch;
        long allTokens = 0;
        for (int s = 0; s < n; s++) {
            allTokens += kept[s] ? lengths[s] : 0;
        }
        for (int from = 0; from < n; from += microBatch) {
            int to = Math.min(n, from + microBatch);
            long microTokens = 0;
            for (int s = from; s < to; s++) {
                microTokens += kept[s] ? lengths[s] : 0;
            }
            for (int s = from; s < to; s++) {
                if (!kept[s]) {
                    continue;
                }
                w[s] = switch (this) {
                    case GRPO -> 1.0 / (Math.max(1, lengths[s]) * (double) n);
                    case BNPO -> 1.0 / (Math.max(1, microTokens) * (double) micros);
                    case DR_GRPO -> 1.0 / ((double) (to - from) * maxCompletion * micros);
                    case DAPO -> 1.0 / Math.max(1, allTokens);
                };
            }
        }
        return w;
    }
}
