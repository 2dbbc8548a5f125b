package ai.fastmath.engine;

import java.util.List;
import java.util.Set;

/**
 * How the sequences of one request are sampled and stopped, with vLLM's meanings.
 *
 * @param n sequences to sample from the prompt (the prompt is prefilled once)
 * @param temperature 0 for greedy decoding
 * @param topK keep the k most likely tokens; 0 = off
 * @param topP keep the smallest set of tokens whose probability reaches p; 1 = off
 * @param minP drop tokens less likely than minP times the most likely one; 0 = off
 * @param seed sequence i uses seed + i; {@code null} draws a random seed
 * @param maxTokens most tokens generated per sequence
 * @param stop strings that end a sequence, matched on the decoded text across token boundaries
 * @param stopTokenIds token ids that end a sequence, besides the model's eos
 * @param includeStopString keep the matched stop string at the end of the text
 * @param ignoreEos keep going past eos (benchmarks)
 * @param logprobs report the log-probability of each sampled token
 * @param confidenceTopK report each token's confidence, minus the mean log-probability of the model's
 *     k most likely tokens there (DeepConf's token confidence); 0 = off
 * @param confidenceWindow tokens of the sliding window whose mean confidence is a sequence's group
 *     confidence (what {@link RequestHandle#pruneBelow} compares); used when confidence is on
 */
public record SamplingParams(
        int n,
        double temperature,
        int topK,
        double topP,
        double minP,
        Long seed,
        int maxTokens,
        List<String> stop,
        Set<Integer> stopTokenIds,
        boolean includeStopString,
        boolean ignoreEos,
        boolean logprobs,
        int confidenceTopK,
        int confidenceWindow) {

    public SamplingParams {
        stop = List.copyOf(stop);
        stopTokenIds = Set.copyOf(stopTokenIds);
        check(n >= 1, "n must be at least 1, got " + n);
        check(temperature >= 0 && Double.isFinite(temperature), "temperature must be >= 0, got " + temperature);
        check(topK >= 0, "top_k must be >= 0 (0 = off), got " + topK);
        check(topP > 0 && topP <= 1, "top_p must be in (0, 1], got " + topP);
        check(minP >= 0 && minP <= 1, "min_p must be in [0, 1], got " + minP);
        check(maxTokens >= 1, "max_tokens must be at least 1, got " + maxTokens);
        check(confidenceTopK >= 0, "confidence_top_k must be >= 0 (0 = off), got " + confidenceTopK);
        check(confidenceTopK == 0 || confidenceWindow >= 1, "confidence_window must be at least 1, got " + confidenceWindow);
        for (String s : stop) {
            check(!s.isEmpty(), "stop strings must not be empty");
        }
    }

    /** Greedy decoding of one sequence up to {@code maxTokens}. */
    public static SamplingParams greedy(int maxTokens) {
        return builder().maxTokens(maxTokens).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy with another n (the engine splits requests into sequences with this). */
    public Builder toBuilder() {
        return new Builder().n(n).temperature(temperature).topK(topK).topP(topP).minP(minP).seed(seed)
                .maxTokens(maxTokens).stop(stop).stopTokenIds(stopTokenIds).includeStopString(includeStopString)
                .ignoreEos(ignoreEos).logprobs(logprobs).confidence(confidenceTopK, confidenceWindow);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Builder with vLLM's defaults: n 1, greedy, no filtering, 16 tokens. */
    public static final class Builder {
        private int n = 1;
        private double temperature = 0;
        private int topK = 0;
        private double topP = 1;
        private double minP = 0;
        private Long seed;
        private int maxTokens = 16;
        private List<String> stop = List.of();
        private Set<Integer> stopTokenIds = Set.of();
        private boolean includeStopString;
        private boolean ignoreEos;
        private boolean logprobs;
        private int confidenceTopK;
        private int confidenceWindow = 1;

        public Builder n(int v) { n = v; return this; }
        public Builder temperature(double v) { temperature = v; return this; }
        public Builder topK(int v) { topK = v; return this; }
        public Builder topP(double v) { topP = v; return this; }
        public Builder minP(double v) { minP = v; return this; }
        public Builder seed(Long v) { seed = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder maxTokens(int v) { maxTokens = v; return this; }
        public Builder stop(List<String> v) { stop = v; return this; }
        public Builder stopTokenIds(Set<Integer> v) { stopTokenIds = v; return this; }
        public Builder includeStopString(boolean v) { includeStopString = v; return this; }
        public Builder ignoreEos(boolean v) { ignoreEos = v; return this; }
        public Builder logprobs(boolean v) { logprobs = v; return this; }
        public Builder confidence(int topK, int window) { confidenceTopK = topK; confidenceWindow = window; return this; }

        public SamplingParams build() {
            return new SamplingParams(n, temperature, topK, topP, minP, seed, maxTokens, stop, stopTokenIds,
                    includeStopString, ignoreEos, logprobs, confidenceTopK, confidenceWindow);
        }
    }
}
