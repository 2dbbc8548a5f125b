package ai.fastmath.engine;

import ai.fastmath.model.ForwardBatch;
import ai.fastmath.model.kv.BlockAllocator;
import java.util.List;

/**
 * What the engine needs from a model: a forward step over a batch of chunks against a KV cache
 * whose blocks the engine hands out. The real one is {@link Qwen2Runner}; tests use fakes with fixed
 * logits.
 */
public interface ModelRunner extends AutoCloseable {

    int vocabSize();

    /** Longest sequence, prompt plus output, the model accepts. */
    int maxPositions();

    /** Token ids that end a sequence unless the request ignores eos. */
    List<Integer> eosTokenIds();

    /** The KV cache's block bookkeeping; the engine allocates from it. */
    BlockAllocator allocator();

    /** Runs the step; its logits, one row per chunk (the last new position of each), to draw tokens from. */
    StepLogits forward(ForwardBatch batch);

    /** Copies cached keys and values between token slots (forking a partial block). */
    void copySlots(long[] from, long[] to);

    @Override
    void close();
}
