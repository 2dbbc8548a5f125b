package ai.fastmath.eval;

import java.util.Map;

/**
 * One line of {@code results.jsonl}: what happened to one problem.
 *
 * @param id the problem's id
 * @param position its place in the serving order (0-based)
 * @param answer the submitted answer (the fallback when the vote had none or the problem was not reached)
 * @param voted the vote's answer; null when no sample answered or the problem was not reached
 * @param gold the gold answer in canonical form; null when unknown
 * @param correct whether {@code voted} equals {@code gold}; null without a gold answer
 * @param tally canonical answer to votes
 * @param samples samples requested (the policy's choice)
 * @param started samples that started
 * @param finished samples that finished
 * @param tokens generated tokens, all samples together
 * @param seconds wall time from showing the problem to its answer
 * @param budgetS the time the problem was given
 * @param stopReason the vote's reason to stop, "timeout" (hard cut), "error" or "not_reached"
 * @param reached whether the problem was shown before time ran out
 * @param error what went wrong when {@code stopReason} is "error"
 */
public record ProblemResult(
        String id,
        int position,
        String answer,
        String voted,
        String gold,
        Boolean correct,
        Map<String, Integer> tally,
        int samples,
        int started,
        int finished,
        long tokens,
        double seconds,
        double budgetS,
        String stopReason,
        boolean reached,
        String error) {

    /** A problem the run never showed: the fallback answer. */
    static ProblemResult notReached(String id, int position, String fallback, String gold) {
        return new ProblemResult(id, position, fallback, null, gold, gold == null ? null : false, Map.of(), 0, 0, 0, 0, 0,
                0, "not_reached", false, null);
    }
}
