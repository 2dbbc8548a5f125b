package ai.fastmath.solve;

import java.time.Duration;

/**
 * One problem to solve by self-consistency.
 *
 * @param problem the problem statement (the user turn)
 * @param systemPrompt the system turn; null for none
 * @param samples N, 1..64
 * @param temperature sampling temperature (the paper: 1.0)
 * @param topP nucleus (the paper: 0.9)
 * @param minP relative floor (the paper: 0.05)
 * @param maxTokensPerSample each sample's token limit
 * @param tokenBudget total generated tokens for the problem across samples; 0 = unlimited
 * @param deadline wall time for the problem; null = none
 * @param rule when the vote may stop early
 * @param seed sample i uses seed + i; null = random
 * @param includeText return each sample's text
 * @param answerMode how answers compare: exact canonical forms, or AIMO integers 0..999
 * @param fallback what counts as the answer of a sample with no boxed answer
 * @param maxParallel samples in flight at once; 0 = all N together (one prefill, N forks). Fewer
 *     trade latency for tokens: a vote decided after k samples then never starts the other N - k.
 */
public record SolveRequest(
        String problem,
        String systemPrompt,
        int samples,
        double temperature,
        double topP,
        double minP,
        int maxTokensPerSample,
        long tokenBudget,
        Duration deadline,
        StopRule rule,
        Long seed,
        boolean includeText,
        AnswerChecker.Mode answerMode,
        AnswerExtractor.Fallback fallback,
        int maxParallel) {

    public static final int MAX_SAMPLES = 64;

    public SolveRequest {
        if (problem == null || problem.isBlank()) {
            throw new IllegalArgumentException("problem: must not be empty");
        }
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("n: must be 1.." + MAX_SAMPLES + ", got " + samples);
        }
        if (maxTokensPerSample < 1) {
            throw new IllegalArgumentException("max_tokens: must be at least 1, got " + maxTokensPerSample);
        }
        if (tokenBudget < 0) {
            throw new IllegalArgumentException("token_budget: must be >= 0, got " + tokenBudget);
        }
        if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
            throw new IllegalArgumentException("deadline: must be positive");
        }
        if (rule == null) {
            throw new IllegalArgumentException("rule: must be given");
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature: must be a finite number >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p: must be in (0, 1], got " + topP);
        }
        if (!(minP >= 0 && minP <= 1)) {
            throw new IllegalArgumentException("min_p: must be in [0, 1], got " + minP);
        }
        if (answerMode == null) {
            answerMode = AnswerChecker.Mode.EXACT;
        }
        if (fallback == null) {
            fallback = AnswerExtractor.Fallback.NONE;
        }
        if (maxParallel < 0 || maxParallel > MAX_SAMPLES) {
            throw new IllegalArgumentException("max_parallel: must be 0 (all) .. " + MAX_SAMPLES + ", got " + maxParallel);
        }
    }

    /** Samples started together: N unless {@link #maxParallel} is smaller. */
    public int wave() {
        return maxParallel == 0 ? samples : Math.min(maxParallel, samples);
    }

    /**
     * A request for {@code problem} with the recipe's defaults, each setting named: 8 samples, no system
     * turn, temperature 1.0, top_p 0.9, min_p 0.05, 1,024 tokens a sample, no budget or deadline, the
     * Beta rule at 0.95, random seeds, exact answers, no fallback, every sample in flight at once.
     */
    public static Builder builder(String problem) {
        return new Builder(problem);
    }

    /** A builder holding this request's settings. */
    public Builder toBuilder() {
        return new Builder(problem).systemPrompt(systemPrompt).samples(samples).temperature(temperature).topP(topP).minP(minP)
                .maxTokensPerSample(maxTokensPerSample).tokenBudget(tokenBudget).deadline(deadline).rule(rule).seed(seed)
                .includeText(includeText).answerMode(answerMode).fallback(fallback).maxParallel(maxParallel);
    }

    /** The recipe's defaults with this per-sample token limit. */
    public static SolveRequest of(String problem, int maxTokensPerSample) {
        return builder(problem).maxTokensPerSample(maxTokensPerSample).build();
    }

    /** This request with at most {@code k} samples in flight (0 = all). */
    public SolveRequest withMaxParallel(int k) {
        return toBuilder().maxParallel(k).build();
    }

    /** This request with another per-sample token limit. */
    public SolveRequest withMaxTokensPerSample(int maxTokens) {
        return toBuilder().maxTokensPerSample(maxTokens).build();
    }

    /** This request with another sample count. */
    public SolveRequest withSamples(int n) {
        return toBuilder().samples(n).build();
    }

    /** This request with another deadline. */
    public SolveRequest withDeadline(Duration d) {
        return toBuilder().deadline(d).build();
    }

    /** Another problem with this request's settings, a given rule and seed. */
    public SolveRequest forProblem(String otherProblem, StopRule otherRule, Long otherSeed) {
        return toBuilder().problem(otherProblem).rule(otherRule).seed(otherSeed).build();
    }

    /** Settings by name; {@link #build} checks them as the record does. */
    public static final class Builder {
        private String problem;
        private String systemPrompt;
        private int samples = 8;
        private double temperature = 1.0;
        private double topP = 0.9;
        private double minP = 0.05;
        private int maxTokensPerSample = 1024;
        private long tokenBudget;
        private Duration deadline;
        private StopRule rule = StopRule.beta(0.95);
        private Long seed;
        private boolean includeText;
        private AnswerChecker.Mode answerMode = AnswerChecker.Mode.EXACT;
        private AnswerExtractor.Fallback fallback = AnswerExtractor.Fallback.NONE;
        private int maxParallel;

        private Builder(String problem) {
            this.problem = problem;
        }

        public Builder problem(String v) {
            problem = v;
            return this;
        }

        public Builder systemPrompt(String v) {
            systemPrompt = v;
            return this;
        }

        public Builder samples(int v) {
            samples = v;
            return this;
        }

        public Builder temperature(double v) {
            temperature = v;
            return this;
        }

        public Builder topP(double v) {
            topP = v;
            return this;
        }

        public Builder minP(double v) {
            minP = v;
            return this;
        }

        public Builder maxTokensPerSample(int v) {
            maxTokensPerSample = v;
            return this;
        }

        public Builder tokenBudget(long v) {
            tokenBudget = v;
            return this;
        }

        public Builder deadline(Duration v) {
            deadline = v;
            return this;
        }

        public Builder rule(StopRule v) {
            rule = v;
            return this;
        }

        public Builder seed(Long v) {
            seed = v;
            return this;
        }

        public Builder includeText(boolean v) {
            includeText = v;
            return this;
        }

        public Builder answerMode(AnswerChecker.Mode v) {
            answerMode = v;
            return this;
        }

        public Builder fallback(AnswerExtractor.Fallback v) {
            fallback = v;
            return this;
        }

        public Builder maxParallel(int v) {
            maxParallel = v;
            return this;
        }

        public SolveRequest build() {
            return new SolveRequest(problem, systemPrompt, samples, temperature, topP, minP, maxTokensPerSample, tokenBudget,
                    deadline, rule, seed, includeText, answerMode, fallback, maxParallel);
        }
    }

    /** The checker this request's samples are voted with. */
    public AnswerChecker checker() {
        return new AnswerChecker(new AnswerExtractor(fallback), answerMode);
    }
}
