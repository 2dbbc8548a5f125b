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

    /** The system prompt of the recipe. */
    public static final String DEFAULT_SYSTEM_PROMPT =
            "Please reason step by step, and put your final answer within \\boxed{}.";

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

    /** All N samples in flight together. */
    public SolveRequest(String problem, String systemPrompt, int samples, double temperature, double topP, double minP,
            int maxTokensPerSample, long tokenBudget, Duration deadline, StopRule rule, Long seed, boolean includeText,
            AnswerChecker.Mode answerMode, AnswerExtractor.Fallback fallback) {
        this(problem, systemPrompt, samples, temperature, topP, minP, maxTokensPerSample, tokenBudget, deadline, rule, seed,
                includeText, answerMode, fallback, 0);
    }

    /** Samples started together: N unless {@link #maxParallel} is smaller. */
    public int wave() {
        return maxParallel == 0 ? samples : Math.min(maxParallel, samples);
    }

    /** This request with at most {@code k} samples in flight (0 = all). */
    public SolveRequest withMaxParallel(int k) {
        return new SolveRequest(problem, systemPrompt, samples, temperature, topP, minP, maxTokensPerSample, tokenBudget,
                deadline, rule, seed, includeText, answerMode, fallback, k);
    }

    /** The recipe's defaults: 8 samples, temperature 1.0, top_p 0.9, min_p 0.05, the Beta rule. */
    public static SolveRequest of(String problem, int maxTokensPerSample) {
        return new SolveRequest(problem, DEFAULT_SYSTEM_PROMPT, 8, 1.0, 0.9, 0.05, maxTokensPerSample, 0, null,
                StopRule.beta(0.95), null, false,
                AnswerChecker.Mode.EXACT, AnswerExtractor.Fallback.NONE);
    }

    /** This request with another per-sample token limit. */
    public SolveRequest withMaxTokensPerSample(int maxTokens) {
        return new SolveRequest(problem, systemPrompt, samples, temperature, topP, minP, maxTokens, tokenBudget, deadline,
                rule, seed, includeText, answerMode, fallback, maxParallel);
    }

    /** This request with another sample count. */
    public SolveRequest withSamples(int n) {
        return new SolveRequest(problem, systemPrompt, n, temperature, topP, minP, maxTokensPerSample, tokenBudget, deadline,
                rule, seed, includeText, answerMode, fallback, maxParallel);
    }

    /** This request with another deadline. */
    public SolveRequest withDeadline(Duration d) {
        return new SolveRequest(problem, systemPrompt, samples, temperature, topP, minP, maxTokensPerSample, tokenBudget, d,
                rule, seed, includeText, answerMode, fallback, maxParallel);
    }

    /** Another problem with this request's settings, a given rule and seed. */
    public SolveRequest forProblem(String otherProblem, StopRule otherRule, Long otherSeed) {
        return new SolveRequest(otherProblem, systemPrompt, samples, temperature, topP, minP, maxTokensPerSample,
                tokenBudget, deadline, otherRule, otherSeed, includeText, answerMode, fallback, maxParallel);
    }

    /** The checker this request's samples are voted with. */
    public AnswerChecker checker() {
        return new AnswerChecker(new AnswerExtractor(fallback), answerMode);
    }
}
