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
 * values, written in place. A slot holds one row per key/value head, row {@code slot * kvHeads + h},
 * so a gather by rows yields (batch, kvHeads, length, headDim) directly, the layout attention
 * multiplies without a transposing copy. Which slots a sequence owns is decided by {@link BlockTable}s over a
 * {@link BlockAllocator} (paged, as in vLLM), so sequences can join and leave a running batch at any
 * step without moving anyone else's cache.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys; // (layer) -> (slots * kvHeads, headDim)
    private final NDArray[] values; // (layer) -> (slots * kvHeads, headDim)
    private final int kvHeads;
    private final BlockAllocator allocator;
    private final long bytes;

    /** Allocates {@code numBlocks * blockSize} token slots for every layer. */
    public KvCache(ModelConfig config, TensorRuntime runtime, int numBlocks, int blockSize) {
        this.allocator = new BlockAllocator(numBlocks, blockSize);
        this.manager = runtime.newManager();
        long slots = (long) numBlocks * blockSize;
        this.kvHeads = config.numKvHeads();
        Shape shape = new Shape(slots * kvHeads, config.headDim());
        this.keys = new NDArray[config.numLayers()];
        this.values = new NDArray[config.numLayers()];
        for (int l = 0; l < config.numLayers(); l++) {
            keys[l] = manager.zeros(shape, runtime.activations());
            values[l] = manager.zeros(shape, runtime.activations());
        }
        this.bytes = 2L * config.numLayers() * slots * config.kvDim() * runtime.activations().getNumOfBytes();
        // Nothing may attach to the cache's manager after this: a step's temporaries belong to the step.
        manager.cap();
    }

    /** A cache holding at least {@code tokens} token positions in blocks of {@code blockSize}. */
    public static KvCache forTokens(ModelConfig config, TensorRuntime runtime, int tokens, int blockSize) {
        return new KvCache(config, runtime, (tokens + blockSize - 1) / blockSize, blockSize);
    }

    /** Token positions that fit in {@code bytes} of cache for this model and dtype. */
    public static int tokensForBytes(ModelConfig config, TensorRuntime runtime, long bytes) {
        long perToken = 2L * config.numLayers() * config.kvDim() * runtime.activations().getNumOfBytes();
        return (int) Math.min(Integer.MAX_VALUE, bytes / perToken);
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

    /** Key/value heads per slot. */
    public int kvHeads() {
        return kvHeads;
    }

    /** The pool rows of {@code slots}: for each slot its {@code kvHeads} rows, in order. */
    public static long[] rows(long[] slots, int kvHeads) {
        long[] rows = new long[slots.length * kvHeads];
        for (int i = 0; i < slots.length; i++) {
            for (int h = 0; h < kvHeads; h++) {
                rows[i * kvHeads + h] = slots[i] * kvHeads + h;
            }
        }
        return rows;
    }

    /** Writes keys and values of shape (n * kvHeads, headDim) into pool rows (n * kvHeads), in place. */
    public void write(int layer, NDArray rows, NDArray k, NDArray v) {
        NDIndex at = new NDIndex("{}", rows);
        keys[layer].set(at, k);
        values[layer].set(at, v);
    }

    /** Gathers keys of one layer for an int64 array of pool rows, e.g. (batch, kvHeads, length) -> (..., headDim). */
    public NDArray gatherKeys(int layer, NDArray rows) {
        return gather(rows, keys[layer]);
    }

    /** Gathers values of one layer for an int64 array of pool rows, e.g. (batch, kvHeads, length) -> (..., headDim). */
    public NDArray gatherValues(int layer, NDArray rows) {
        return gather(rows, values[layer]);
    }

    /** Copies the cached keys and values of slots {@code from} to slots {@code to}, in every layer. */
    public void copySlots(NDManager scope, long[] from, long[] to) {
        if (from.length == 0) {
            return;
        }
        try (NDManager step = scope.newSubManager()) {
            long[] src = rows(from, kvHeads);
            long[] dst = rows(to, kvHeads);
            NDArray srcRows = HostArrays.longs(step, src, new Shape(src.length));
            NDArray dstRows = HostArrays.longs(step, dst, new Shape(dst.length));
            for (int l = 0; l < keys.length; l++) {
                write(l, dstRows, gather(srcRows, keys[l]), gather(srcRows, values[l]));
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
