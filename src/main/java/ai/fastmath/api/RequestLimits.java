package ai.fastmath.api;

import ai.fastmath.solve.SolveRequest;
import java.util.Optional;

/**
 * The request size limits ({@code fastmath.limits.*}) every API applies after its own range checks.
 * Refusals are {@link IllegalArgumentException}s whose message starts with the field (HTTP 400 naming
 * it, gRPC INVALID_ARGUMENT). The HTTP body size is Quarkus's ({@code quarkus.http.limits.max-body-size}).
 *
 * @param maxPromptTokens prompt tokens, template included; empty: the model's context is the limit
 * @param maxN samples or choices per request, 1..{@value SolveRequest#MAX_SAMPLES}
 * @param maxTokens tokens one sample may ask for; empty: what the context leaves
 */
public record RequestLimits(Optional<Integer> maxPromptTokens, int maxN, Optional<Integer> maxTokens) {

    public RequestLimits {
        if (maxN < 1 || maxN > SolveRequest.MAX_SAMPLES) {
            throw new IllegalStateException("fastmath.limits.max-n must be 1.." + SolveRequest.MAX_SAMPLES + ", got " + maxN);
        }
        if (maxPromptTokens.isPresent() && maxPromptTokens.get() < 1) {
            throw new IllegalStateException("fastmath.limits.max-prompt-tokens must be at least 1, got " + maxPromptTokens.get());
        }
        if (maxTokens.isPresent() && maxTokens.get() < 1) {
            throw new IllegalStateException("fastmath.limits.max-tokens must be at least 1, got " + maxTokens.get());
        }
    }

    public static RequestLimits of(ServingConfig config) {
        ServingConfig.Limits l = config.limits();
        return new RequestLimits(l.maxPromptTokens(), l.maxN(), l.maxTokens());
    }

    /** @param field the request field that holds the prompt: problem, prompt or messages */
    public void checkPrompt(String field, int tokens) {
        if (maxPromptTokens.isPresent() && tokens > maxPromptTokens.get()) {
            throw new IllegalArgumentException(field + ": the prompt takes " + tokens + " tokens, more than the limit of "
                    + maxPromptTokens.get() + " (fastmath.limits.max-prompt-tokens)");
        }
    }

    public void checkN(int n) {
        if (n < 1 || n > maxN) {
            throw new IllegalArgumentException("n: must be 1.." + maxN + ", got " + n
                    + (maxN < SolveRequest.MAX_SAMPLES ? " (fastmath.limits.max-n)" : ""));
        }
    }

    /** @param field max_tokens or max_completion_tokens */
    public void checkMaxTokens(String field, int tokens) {
        if (maxTokens.isPresent() && tokens > maxTokens.get()) {
            throw new IllegalArgumentException(field + ": at most " + maxTokens.get()
                    + " tokens per sample (fastmath.limits.max-tokens), got " + tokens);
        }
    }

    /** A default token count, lowered to the limit. */
    public int capTokens(int tokens) {
        return maxTokens.map(m -> Math.min(m, tokens)).orElse(tokens);
    }

    /** A default sample count, lowered to the limit. */
    public int capN(int n) {
        return Math.min(n, maxN);
    }
}
