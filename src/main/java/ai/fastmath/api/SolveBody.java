package ai.fastmath.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A solve request as clients send it (REST JSON, and the gRPC message mapped onto it). Absent fields
 * take the service's defaults: the recipe's sampling (temperature 1.0, top_p 0.9, min_p 0.05), 8
 * samples, the Beta stopping rule, the configured per-sample token limit.
 *
 * @param n samples, 1..64
 * @param maxTokens per sample
 * @param tokenBudget all samples together; 0 = none
 * @param deadlineS seconds from arrival
 * @param rule none | unbeatable | beta[:p] | k-of-m:K/M | conf-vote:SCORE:topETA | deepconf:WARMUP/ETA/TAU
 * @param answerMode exact | aimo
 * @param fallback none | last_number
 * @param maxParallel samples in flight at once; absent or 0 = all n
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL) // a client sends only what it sets: the service fills in its defaults
public record SolveBody(
        String problem,
        String systemPrompt,
        Integer n,
        Double temperature,
        Double topP,
        Double minP,
        Integer maxTokens,
        Long tokenBudget,
        Double deadlineS,
        String rule,
        Long seed,
        Boolean includeText,
        String answerMode,
        String fallback,
        Integer maxParallel) {

    /** Whether a deadline_s is one the service takes: positive, finite, under 1e7 s (~116 days). */
    public static boolean validDeadline(double seconds) {
        return seconds > 0 && seconds < 1e7;
    }

    /** Just a problem, everything else default. */
    public static SolveBody of(String problem) {
        return new SolveBody(problem, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
