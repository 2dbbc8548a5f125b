package ai.fastmath.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

    Engine engine();

    Solve solve();

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
}
