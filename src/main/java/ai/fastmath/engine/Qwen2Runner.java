package ai.fastmath.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.fastmath.model.ComputeThread;
import ai.fastmath.model.ForwardBatch;
import ai.fastmath.model.IntraOpThreads;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.kv.BlockAllocator;
import ai.fastmath.model.kv.KvCache;
import java.util.List;
import java.util.function.Supplier;

/** Runs engine steps on a {@link Qwen2Model} with a KV cache of a fixed number of tokens. */
public final class Qwen2Runner implements ModelRunner {

    private final Qwen2Model model;
    private final KvCache cache;
    private final ComputeThread compute; // null: the calling thread computes
    private final boolean hostSampling;

    /**
     * @param model borrowed: closing the runner closes its cache, not the model
     * @param kvTokens token positions the cache holds, across all sequences
     * @param blockSize tokens per KV block
     */
    public Qwen2Runner(Qwen2Model model, int kvTokens, int blockSize) {
        this(model, kvTokens, blockSize, null, false);
    }

    /**
     * @param compute the thread the forward passes run on; null for the caller's (the engine's loop)
     * @param hostSampling copy every step's logits to the host and sample there (the reference) instead of on the device
     */
    public Qwen2Runner(Qwen2Model model, int kvTokens, int blockSize, ComputeThread compute, boolean hostSampling) {
        this.model = model;
        this.cache = KvCache.forTokens(model.config(), model.runtime(), kvTokens, blockSize);
        this.compute = compute;
        this.hostSampling = hostSampling;
    }

    @Override
    public int vocabSize() {
        return model.config().vocabSize();
    }

    @Override
    public int maxPositions() {
        return model.config().maxPositionEmbeddings();
    }

    @Override
    public List<Integer> eosTokenIds() {
        return model.config().eosTokenIds();
    }

    @Override
    public BlockAllocator allocator() {
        return cache.allocator();
    }

    /**
     * Runs the step and keeps its logits on the device, where tokens are drawn from them; with
     * {@code hostSampling} they are copied to the host and drawn there by the reference sampler.
     */
    @Override
    public StepLogits forward(ForwardBatch batch) {
        return computing(() -> {
            NDManager scope = model.newScope();
            try {
                NDArray logits = model.forward(scope, batch, cache);
                if (hostSampling) {
                    try (scope) {
                        return new HostLogits(logits.toFloatArray(), vocabSize());
                    }
                }
                return new DeviceLogits(scope, logits, this::computing);
            } catch (RuntimeException e) {
                scope.close();
                throw e;
            }
        });
    }

    @Override
    public void copySlots(long[] from, long[] to) {
        computing(() -> {
            try (NDManager scope = model.newScope()) {
                cache.copySlots(scope, from, to);
            }
            return null;
        });
    }

    /** Runs tensor work on the compute thread, or on this one (the engine's loop) made the computing one. */
    private <T> T computing(Supplier<T> work) {
        if (compute != null) {
            return compute.call(work);
        }
        IntraOpThreads.compute();
        return work.get();
    }

    @Override
    public void close() {
        cache.close();
    }
}
