package ai.fastmath.training.sft;

/**
 * The knobs of a supervised fine-tuning run (TRL's names where there is one).
 *
 * @param epochs passes over the data (the paper: up to 10)
 * @param batchSize examples per forward pass
 * @param gradientAccumulation forward passes per optimizer step
 * @param learningRate the peak learning rate
 * @param warmupRatio share of the steps spent warming up linearly
 * @param minLrRatio the cosine's floor as a share of the peak (0: decays to 0)
 * @param weightDecay decoupled, on matrices and embeddings only
 * @param maxGradNorm global-norm clipping (0: none)
 * @param maxLength examples are cut to this many tokens
 * @param seed data order
 * @param saveSteps a checkpoint every this many optimizer steps (and at the end)
 * @param keepCheckpoints how many step checkpoints to keep (the newest)
 * @param groupByLength batch examples of similar length together (Hugging Face's {@code group_by_length}):
 *     attention is padded to a batch's longest example, so mixed lengths waste compute
 */
public record SftSettings(int epochs, int batchSize, int gradientAccumulation, double learningRate, double warmupRatio,
        double minLrRatio, double weightDecay, double maxGradNorm, int maxLength, long seed, int saveSteps,
        int keepCheckpoints, boolean groupByLength) {

    public SftSettings {
        if (epochs < 1 || batchSize < 1 || gradientAccumulation < 1 || maxLength < 2 || saveSteps < 1
                || keepCheckpoints < 1) {
            throw new IllegalArgumentException("epochs, batch_size, gradient_accumulation, save_steps and "
                    + "keep_checkpoints must be >= 1 and max_length >= 2");
        }
        if (!(learningRate > 0) || warmupRatio < 0 || warmupRatio > 1 || weightDecay < 0 || maxGradNorm < 0) {
            throw new IllegalArgumentException("learning_rate must be > 0, warmup_ratio in [0, 1], weight_decay and "
                    + "max_grad_norm >= 0");
        }
    }

    /** The same run over {@code n} epochs (its schedule stretched to them). */
    public SftSettings withEpochs(int n) {
        return new SftSettings(n, batchSize, gradientAccumulation, learningRate, warmupRatio, minLrRatio, weightDecay,
                maxGradNorm, maxLength, seed, saveSteps, keepCheckpoints, groupByLength);
    }

    /** Examples per optimizer step. */
    public int examplesPerStep() {
        return batchSize * gradientAccumulation;
    }

    /** Settings by name, for call sites that would otherwise pass a row of unlabelled values. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SftSettings}; what is not set keeps the default shown. */
    public static final class Builder {
        private int epochs = 1;
        private int batchSize = 16;
        private int gradientAccumulation = 1;
        private double learningRate = 1e-3;
        private double warmupRatio = 0.05;
        private double minLrRatio = 0.1;
        private double weightDecay = 0.01;
        private double maxGradNorm = 1.0;
        private int maxLength = 1024;
        private long seed;
        private int saveSteps = 100;
        private int keepCheckpoints = 1;
        private boolean groupByLength;

        private Builder() {}

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder gradientAccumulation(int v) {
            gradientAccumulation = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder warmupRatio(double v) {
            warmupRatio = v;
            return this;
        }

        public Builder minLrRatio(double v) {
            minLrRatio = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder maxGradNorm(double v) {
            maxGradNorm = v;
            return this;
        }

        public Builder maxLength(int v) {
            maxLength = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder saveSteps(int v) {
            saveSteps = v;
            return this;
        }

        public Builder keepCheckpoints(int v) {
            keepCheckpoints = v;
            return this;
        }

        public Builder groupByLength(boolean v) {
            groupByLength = v;
            return this;
        }

        public SftSettings build() {
            return new SftSettings(epochs, batchSize, gradientAccumulation, learningRate, warmupRatio,
                    minLrRatio, weightDecay, maxGradNorm, maxLength, seed, saveSteps, keepCheckpoints, groupByLength);
        }
    }
}
