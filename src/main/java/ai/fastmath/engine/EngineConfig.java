package ai.fastmath.engine;

/**
 * Scheduling limits, with vLLM's names.
 *
 * @param maxNumSeqs most sequences running at once
 * @param maxNumBatchedTokens most tokens (prefill chunks plus decodes) in one step
 * @param kvCacheTokens token positions the preallocated KV cache holds, across all sequences
 * @param blockSize tokens per KV block
 * @param maxWaiting most requests queued before submissions are refused (overload)
 */
public record EngineConfig(int maxNumSeqs, int maxNumBatchedTokens, int kvCacheTokens, int blockSize, int maxWaiting) {

    public EngineConfig {
        if (maxNumSeqs < 1 || maxNumBatchedTokens < 1 || kvCacheTokens < blockSize || blockSize < 1 || maxWaiting < 1) {
            throw new IllegalArgumentException("invalid engine config " + this);
        }
    }

    /** Defaults for the CPU: 32 sequences, 512-token steps, 16k cached tokens in blocks of 16. */
    public static EngineConfig defaults() {
        return new EngineConfig(32, 512, 16_384, 16, 4096);
    }

    public EngineConfig withMaxNumSeqs(int v) {
        return new EngineConfig(v, maxNumBatchedTokens, kvCacheTokens, blockSize, maxWaiting);
    }

    public EngineConfig withKvCacheTokens(int v) {
        return new EngineConfig(maxNumSeqs, maxNumBatchedTokens, v, blockSize, maxWaiting);
    }
}
