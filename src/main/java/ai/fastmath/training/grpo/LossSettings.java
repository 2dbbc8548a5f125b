package ai.fastmath.training.grpo;

/**
 * The GRPO objective (TRL's names).
 *
 * @param beta weight of the KL penalty against the reference model (0: no reference model is loaded)
 * @param epsilon the lower clip, rho >= 1 - epsilon
 * @param epsilonHigh the upper clip, rho <= 1 + epsilonHigh (DAPO's clip-higher when above epsilon)
 * @param lossType how token losses are aggregated
 * @param numIterations optimizer updates per batch of rollouts (mu); above 1, rho departs from 1
 * @param scaleRewards divide advantages by the group's std (false: Dr. GRPO)
 * @param maskTruncatedCompletions give completions cut at the length limit no loss (DAPO)
 * @param filterGroups which groups the update learns from (absent: all)
 * @param filterMode what becomes of the skipped groups (absent: dropped)
 */
public record LossSettings(double beta, double epsilon, double epsilonHigh, LossType lossType, int numIterations,
        boolean scaleRewards, boolean maskTruncatedCompletions, GroupFilter filterGroups, GroupFilter.Mode filterMode) {

    public LossSettings {
        if (beta < 0 || epsilon < 0 || epsilon >= 1 || epsilonHigh < 0 || numIterations < 1) {
            throw new IllegalArgumentException("loss: beta >= 0, epsilon in [0, 1), epsilon_high >= 0, num_iterations >= 1");
        }
        if (lossType == null) {
            lossType = LossType.GRPO;
        }
        if (filterGroups == null) {
            filterGroups = GroupFilter.NONE;
        }
        if (filterMode == null) {
            filterMode = GroupFilter.Mode.DROP;
        }
    }

    /** The paper's and TRL's defaults: beta 0.04, epsilon 0.2, one iteration, scaled rewards. */
    public static LossSettings defaults() {
        return new LossSettings(0.04, 0.2, 0.2, LossType.GRPO, 1, true, false, GroupFilter.NONE, GroupFilter.Mode.DROP);
    }
}
