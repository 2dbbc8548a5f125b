package ai.fastmath.training.grpo;

/**
 * How rollouts are sampled (the paper's GRPO: 8 generations per prompt, temperature 1.0, top_p 0.9,
 * min_p 0.05).
 *
 * @param numGenerations G, completions per prompt
 * @param maxPromptLength longer prompts keep their last tokens (as TRL)
 * @param maxCompletionLength the completion limit; a completion that reaches it is truncated
 * @param maxNumSeqs sequences the rollout engine runs at once
 */
public record RolloutSettings(int numGenerations, double temperature, double topP, double minP, int maxPromptLength,
        int maxCompletionLength, int maxNumSeqs) {

    public RolloutSettings {
        if (numGenerations < 2) {
            throw new IllegalArgumentException("rollout.num_generations must be >= 2 (advantages compare a group)");
        }
        if (maxPromptLength < 1 || maxCompletionLength < 1 || maxNumSeqs < 1 || !(temperature > 0)) {
            throw new IllegalArgumentException("rollout: max_prompt_length, max_completion_length and max_num_seqs must be "
                    + ">= 1 and temperature > 0");
        }
    }

    public static RolloutSettings paper(int maxCompletionLength) {
        return new RolloutSettings(8, 1.0, 0.9, 0.05, 256, maxCompletionLength, 64);
    }
}
