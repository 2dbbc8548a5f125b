package ai.fastmath.training.grpo;

/**
 * The optimisation of a GRPO run.
 *
 * @param steps rollout batches (each followed by {@code num_iterations} optimizer updates)
 * @param promptsPerStep prompts per batch (each sampled G times)
 * @param microBatch sequences per forward pass when computing the loss
 * @param learningRate peak learning rate (linear warmup, then cosine to {@code minLrRatio} of it)
 * @param seed prompt order and rollout sampling
 * @param saveSteps a checkpoint every this many steps (and at the end)
 */
public record GrpoSettings(int steps, int promptsPerStep, int microBatch, double learningRate, double warmupRatio,
        double minLrRatio, double weightDecay, double maxGradNorm, long seed, int saveSteps, int keepCheckpoints) {

    public GrpoSettings {
        if (steps < 1 || promptsPerStep < 1 || microBatch < 1 || saveSteps < 1 || keepCheckpoints < 1) {
            throw new IllegalArgumentException("training: steps, prompts_per_step, micro_batch, save_steps and "
                    + "keep_checkpoints must be >= 1");
        }
        if (!(learningRate > 0) || warmupRatio < 0 || warmupRatio > 1 || weightDecay < 0 || maxGradNorm < 0) {
            throw new IllegalArgumentException("training: learning_rate > 0, warmup_ratio in [0, 1], weight_decay and "
                    + "max_grad_norm >= 0");
        }
    }

    /** The same run over {@code n} steps (its schedule stretched to them). */
    public GrpoSettings withSteps(int n) {
        return new GrpoSettings(n, promptsPerStep, microBatch, learningRate, warmupRatio, minLrRatio, weightDecay,
                maxGradNorm, seed, saveSteps, keepCheckpoints);
    }

    /** Settings by name, for call sites that would otherwise pass a row of unlabelled values. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link GrpoSettings}; what is not set keeps the default shown. */
    public static final class Builder {
        private int steps;
        private int promptsPerStep;
        private int microBatch;
        private double learningRate = 1e-4;
        private double warmupRatio = 0.0;
        private double minLrRatio = 0.1;
        private double weightDecay = 0.0;
        private double maxGradNorm = 1.0;
        private long seed;
        private int saveSteps = 100;
        private int keepCheckpoints = 1;

        private Builder() {}

        public Builder steps(int v) {
            steps = v;
            return this;
        }

        public Builder promptsPerStep(int v) {
            promptsPerStep = v;
            return this;
        }

        public Builder microBatch(int v) {
            microBatch = v;
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

        public GrpoSettings build() {
            return new GrpoSettings(steps, promptsPerStep, microBatch, learningRate, warmupRatio, minLrRatio,
                    weightDecay, maxGradNorm, seed, saveSteps, keepCheckpoints);
        }
    }
}
