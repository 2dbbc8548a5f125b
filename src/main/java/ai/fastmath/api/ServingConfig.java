package ai.fastmath.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The service's settings ({@code fastmath.*} in application.properties or FASTMATH_* variables). */
@ConfigMapping(prefix = "fastmath")
public interface ServingConfig {

    /** Checkpoint directory loaded at start-up; empty: none until one is loaded (serve --model, admin load). */
    Optional<String> model();

    /** cpu, cuda, cuda:N or auto. */
    @WithDefault("auto")
    String device();

    /** float32, float16 or auto. */
    @WithDefault("auto")
    String dtype();

    /**
     * Bearer tokens accepted on every {@code /v1/*} call (REST, SSE, OpenAI) and on gRPC; comma-separated
     * in {@code FASTMATH_API_KEYS}. None: the API is open (health and metrics are open either way).
     */
    Optional<List<String>> apiKeys();

    /**
     * Bearer token for admin operations ({@code /v1/admin/*}); an API key is not enough. None while API
     * keys are set: admin operations are refused. None and no API keys: everything is open.
     */
    Optional<String> adminKey();

    /**
     * The directory admin loads must lie in (after resolving symlinks); when set, {@code fastmath.model}
     * must lie in it too. Default: the parent directory of {@code fastmath.model}; with neither, admin
     * loads are refused.
     */
    Optional<String> modelRoot();

    /** Refuse a checkpoint without {@code checksums.json}; off: such a checkpoint loads with a warning. */
    @WithDefault("false")
    boolean requireChecksums();

    Engine engine();

    Solve solve();

    Limits limits();

    /** Batching and KV limits of the engine (vLLM's names). */
    interface Engine {
        @WithDefault("32")
        int maxNumSeqs();

        @WithDefault("512")
        int maxNumBatchedTokens();

        @WithDefault("16384")
        int kvCacheTokens();

        @WithDefault("16")
        int blockSize();

        @WithDefault("4096")
        int maxWaiting();
    }

    /** Defaults and admission limits of the solve API. */
    interface Solve {
        /** Per-sample token limit when a request gives none (cut to what the context leaves). */
        @WithDefault("2048")
        int maxTokens();

        /** Problems solved at once; more wait in the queue below. */
        @WithDefault("8")
        int maxConcurrent();

        /** Problems waiting for a slot; beyond this, 429 / RESOURCE_EXHAUSTED. */
        @WithDefault("32")
        int maxQueued();

        /** Seconds a rejected client is told to wait (Retry-After). */
        @WithDefault("5")
        int retryAfterSeconds();
    }

    /** Request size limits beyond the HTTP body size ({@code quarkus.http.limits.max-body-size}). */
    interface Limits {
        /** Prompt tokens (chat template and system prompt included); default: the model's context. */
        Optional<Integer> maxPromptTokens();

        /** Samples (solve) or choices (OpenAI: prompts x n) per request, 1..64. */
        @WithDefault("64")
        int maxN();

        /** Tokens one sample or choice may ask for ({@code max_tokens}); default: what the context leaves. */
        Optional<Integer> maxTokens();
    }
}
