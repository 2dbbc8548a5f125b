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
}
