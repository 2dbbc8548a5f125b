package ai.fastmath.training.grpo;

/**
 * One sampled completion of a rollout.
 *
 * @param group which prompt of the step it answers (completions of a prompt are consecutive)
 * @param prompt the prompt's token ids
 * @param tokens the completion's token ids (the end-of-turn token included when it stopped there)
 * @param text the completion decoded
 * @param truncated whether it hit the completion length limit instead of ending its turn
 */
public record Completion(int group, int[] prompt, int[] tokens, String text, boolean truncated) {

    int length(RewardSettings.Unit unit) {
        return unit == RewardSettings.Unit.CHARS ? text.length() : tokens.length;
    }
}
