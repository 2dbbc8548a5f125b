package ai.fastmath.training.grpo;

import java.util.Arrays;
import java.util.List;

/**
 * Which prompts' groups an update learns from, judged by the correctness of their completions (DAPO's
 * dynamic sampling, without its re-sampling to refill the batch; {@link Mode} says what becomes of the
 * groups skipped). In a group where every completion is wrong, correctness cannot tell the completions
 * apart, so the advantages come from the length terms alone and push towards shorter wrong answers.
 */
public enum GroupFilter {
    /** Learn from every group (TRL). */
    NONE,
    /** Skip groups in which no completion is correct. */
    ALL_WRONG,
    /** Skip groups in which all completions are correct or all are wrong (DAPO's accuracy filter). */
    SAME_ACCURACY;

    /** What becomes of the groups a filter skips. */
    public enum Mode {
        /** Left out of the update, whose loss aggregates over the groups left. */
        DROP,
        /**
         * Kept with zero advantages: they add only their KL term and still count in the loss's
         * denominator, so the kept groups' step is the one they would have had in a full batch.
         */
        ZERO_ADVANTAGE
    }

    /**
     * @param scores the step's scores, group after group
     * @return per completion, whether it takes part in the update
     */
    public boolean[] keep(List<Rewards.Score> scores, int groupSize) {
        if (groupSize < 1 || scores.size() % groupSize != 0) {
            throw new IllegalArgumentException(scores.size() + " scores are not groups of " + groupSize);
        }
        boolean[] keep = new boolean[scores.size()];
        for (int g = 0; g < scores.size(); g += groupSize) {
            int correct = 0;
            for (int i = g; i < g + groupSize; i++) {
                correct += scores.get(i).correct() ? 1 : 0;
            }
            boolean kept = switch (this) {
                case NONE -> true;
                case ALL_WRONG -> correct > 0;
                case SAME_ACCURACY -> correct > 0 && correct < groupSize;
            };
            Arrays.fill(keep, g, g + groupSize, kept);
        }
        return keep;
    }
}
