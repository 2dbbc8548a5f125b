package ai.fastmath.training.grpo;

/**
 * One GRPO step, as written to {@code metrics.jsonl}: the rollouts' rewards (unweighted means), accuracy
 * and lengths, then the update.
 *
 * @param reward mean weighted total reward
 * @param accuracy share of completions whose boxed answer is correct
 * @param completionTokens mean completion length in tokens
 * @param truncated share of completions cut at the length limit
 * @param groupsKept share of the step's groups the update learned from (the rest were filtered out)
 * @param kl mean KL estimate to the reference over the updated completions' tokens (last iteration);
 *     like {@code clipFraction}, {@code loss} and {@code gradNorm}, 0 on a step that dropped every group
 * @param clipFraction share of tokens whose ratio was clipped (last iteration)
 * @param rolloutS seconds spent sampling
 * @param updateS seconds spent on log-probabilities and optimizer updates
 */
public record GrpoStepMetrics(int step, int totalSteps, double reward, double formatReward, double cosineReward,
        double lengthReward, double accuracy, double completionTokens, double completionChars, double truncated,
        double groupsKept, double kl, double clipFraction, double loss, double lr, double gradNorm, double rolloutS,
        double updateS, double elapsedS) {}
