package ai.fastmath.model.kv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.fastmath.model.HostArrays;
import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.TensorRuntime;

/**
 * The preallocated key/value cache: per layer one flat pool of token slots for keys and one for
 * values, written in place. Which slots a sequence owns is decided by {@link BlockTable}s over a
 * {@link BlockAllocator} (paged, as in vLLM), so sequences can join and leave a running batch at any
 * step without moving anyone else's cache.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys; // (layer) -> (slots, kvDim)
    private final NDArray[] values; // (layer) -> (slots, kvDim)
    private final BlockAllocator allocator;
    private final long bytes;

    /** Allocates {@code numBlocks * blockSize} token slots for every layer. */
    public KvCache(ModelConfig config, TensorRuntime runtime, int numBlocks, int blockSize) {
        this.allocator = new BlockAllocator(numBlocks, blockSize);
        this.manager = runtime.newManager();
        long slots = (long) numBlocks * blockSize;
        Shape shape = new Shape(slots, config.kvDim());
        this.keys = new NDArray[config.numLayers()];
        this.values = new NDArray[config.numLayers()];
        for (int l = 0; l < config.numLayers(); l++) {
            keys[l] = manager.zeros(shape, runtime.dtype());
            values[l] = manager.zeros(shape, runtime.dtype());
        }
        this.bytes = 2L * config.numLayers() * slots * config.kvDim() * runtime.dtype().getNumOfBytes();
        // Nothing may attach to the cache's manager after this: a step's temporaries belong to the step.
        manager.cap();
    }

    /** A cache holding at least {@code tokens} token positions in blocks of {@code blockSize}. */
    public static KvCache forTokens(ModelConfig config, TensorRuntime runtime, int tokens, int blockSize) {
        return new KvCache(config, runtime, (tokens + blockSize - 1) / blockSize, blockSize);
    }

    /** Bytes of device memory held by the cache. */
    public long bytes() {
        return bytes;
    }

    public BlockAllocator allocator() {
        return allocator;
    }

    /** A new, empty block table for one sequence. */
    public BlockTable newSequence() {
        return new BlockTable(allocator);
    }

    /** Writes keys and values of shape (n, kvDim) into slots (n) of one layer, in place. */
    public void write(int layer, NDArray slots, NDArray k, NDArray v) {
        NDIndex at = new NDIndex("{}", slots);
        keys[layer].set(at, k);
        values[layer].set(at, v);
    }

    /** Gathers keys of one layer for a (batch, length) matrix of slots: (batch, length, kvDim). */
    public NDArray gatherKeys(int layer, NDArray slots) {
        return gather(slots, keys[layer]);
    }

    /** Gathers values of one layer for a (batch, length) matrix of slots: (batch, length, kvDim). */
    public NDArray gatherValues(int layer, NDArray slots) {
        return gather(slots, values[layer]);
    }

    /** Copies the cached keys and values of slots {@code from} to slots {@code to}, in every layer. */
    public void copySlots(NDManager scope, long[] from, long[] to) {
        if (from.length == 0) {
            return;
        }
        try (NDManager step = scope.newSubManager()) {
            NDArray src = HostArrays.longs(step, from, new Shape(from.length));
            NDArray dst = HostArrays.longs(step, to, new Shape(to.length));
            for (int l = 0; l < keys.length; l++) {
                write(l, dst, gather(src, keys[l]), gather(src, values[l]));
            }
        }
    }

    /** Row gather whose result belongs to the index array's manager (the step), not the cache's. */
    private static NDArray gather(NDArray slots, NDArray pool) {
        return slots.getNDArrayInternal().embedding(slots, pool, SparseFormat.DENSE).singletonOrThrow();
    }

    /** Type of the cached values. */
    public DataType dtype() {
        return keys[0].getDataType();
    }

    @Override
    public void close() {
        manager.close();
    }
}
