package ai.fastmath.training.data;

/** How many examples each split of the curriculum has. */
public record SplitSizes(int train, int val, int test, int grpo) {

    /** 20,000 SFT traces, 300 validation, 300 test, 2,000 GRPO problems. */
    public static final SplitSizes DEFAULT = new SplitSizes(20_000, 300, 300, 2_000);

    public SplitSizes {
        if (train < 0 || val < 0 || test < 0 || grpo < 0) {
            throw new IllegalArgumentException("split sizes must not be negative: train " + train + ", val " + val
                    + ", test " + test + ", grpo " + grpo);
        }
    }
}
