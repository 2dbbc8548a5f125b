package ai.fastmath.solve;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a vote.
 *
 * @param answer the leader's canonical answer; null when no sample gave one
 * @param share the leader's share of the answered samples
 * @param tally canonical answer -> votes
 * @param samples every sample started, in index order
 * @param tokens generated tokens across samples
 * @param seconds wall time
 * @param started samples started
 * @param finished samples that finished (not cancelled)
 * @param stopReason "all_finished", the early-stopping rule's name, "token_budget", "deadline", or when a
 *     later wave could not start: "engine_full" (the engine's queue was full) or "error" (it failed)
 */
public record SolveResult(
        String answer,
        double share,
        Map<String, Integer> tally,
        List<Sample> samples,
        long tokens,
        double seconds,
        int started,
        int finished,
        String stopReason) {

    /**
     * One sample: its answer (null for none), tokens, finish reason, text when asked for, and with a
     * confidence rule its trace score (null otherwise).
     */
    public record Sample(int index, String answer, int tokens, String finishReason, String text, Double confidence) {

        public Sample(int index, String answer, int tokens, String finishReason, String text) {
            this(index, answer, tokens, finishReason, text, null);
        }
    }
}
