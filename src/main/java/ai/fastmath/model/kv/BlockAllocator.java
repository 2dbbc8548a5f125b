package ai.fastmath.model.kv;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Hands out fixed-size KV blocks from a bounded pool, with reference counts so that sequences forked
 * from one prompt can share its blocks. Not thread-safe: the engine loop owns it.
 */
public final class BlockAllocator {

    private final int blockSize;
    private final int[] refCounts;
    private final Deque<Integer> free = new ArrayDeque<>();

    public BlockAllocator(int numBlocks, int blockSize) {
        if (numBlocks <= 0 || blockSize <= 0) {
            throw new IllegalArgumentException("numBlocks and blockSize must be positive");
        }
        this.blockSize = blockSize;
        this.refCounts = new int[numBlocks];
        for (int i = 0; i < numBlocks; i++) {
            free.add(i);
        }
    }

    public int blockSize() {
        return blockSize;
    }

    public int numBlocks() {
        return refCounts.length;
    }

    public int freeBlocks() {
        return free.size();
    }

    /** Blocks needed to hold {@code tokens} tokens. */
    public int blocksFor(int tokens) {
        return (tokens + blockSize - 1) / blockSize;
    }

    /** Takes a free block with reference count 1; throws if the pool is exhausted. */
    public int allocate() {
        Integer b = free.poll();
        if (b == null) {
            throw new KvCacheFullException("KV cache full: all " + refCounts.length + " blocks in use");
        }
        refCounts[b] = 1;
        return b;
    }

    /** Adds a reference to a block in use (a forked sequence sharing it). */
    public void retain(int block) {
        if (refCounts[block] <= 0) {
            throw new IllegalStateException("block " + block + " is not allocated");
        }
        refCounts[block]++;
    }

    /** Drops a reference; the block returns to the pool when none is left. */
    public void release(int block) {
        if (refCounts[block] <= 0) {
            throw new IllegalStateException("block " + block + " released twice");
        }
        if (--refCounts[block] == 0) {
            free.add(block);
        }
    }

    public int refCount(int block) {
        return refCounts[block];
    }
}
