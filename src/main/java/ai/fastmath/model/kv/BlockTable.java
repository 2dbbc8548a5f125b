package ai.fastmath.model.kv;

import java.util.ArrayList;
import java.util.List;

/**
 * The KV blocks of one sequence, in position order: position p lives in slot
 * {@code blocks[p / blockSize] * blockSize + p % blockSize} of the cache's flat token pool.
 */
public final class BlockTable {

    private final BlockAllocator allocator;
    private final List<Integer> blocks = new ArrayList<>();
    private boolean released;

    public BlockTable(BlockAllocator allocator) {
        this.allocator = allocator;
    }

    /** Grows the table to hold {@code tokens} positions, allocating blocks as needed. */
    public void ensureCapacity(int tokens) {
        checkLive();
        int needed = allocator.blocksFor(tokens);
        if (needed - blocks.size() > allocator.freeBlocks()) {
            throw new KvCacheFullException(
                    "KV cache full: need " + (needed - blocks.size()) + " blocks, "
                            + allocator.freeBlocks() + " free");
        }
        while (blocks.size() < needed) {
            blocks.add(allocator.allocate());
        }
    }

    /** Positions this table can hold without growing. */
    public int capacity() {
        return blocks.size() * allocator.blockSize();
    }

    /** Flat pool slots of positions {@code [0, length)}. */
    public long[] slots(int length) {
        checkLive();
        if (length > capacity()) {
            throw new IllegalArgumentException("position " + length + " beyond capacity " + capacity());
        }
        int bs = allocator.blockSize();
        long[] out = new long[length];
        for (int p = 0; p < length; p++) {
            out[p] = (long) blocks.get(p / bs) * bs + p % bs;
        }
        return out;
    }

    /**
     * A new table sharing this one's full blocks for the first {@code length} positions. The block
     * holding a partial last block is not shared: the caller copies its slots (see
     * {@link KvCache#copySlots}) into the fresh block this method allocates.
     */
    public BlockTable fork(int length) {
        checkLive();
        BlockTable child = new BlockTable(allocator);
        int bs = allocator.blockSize();
        int full = length / bs;
        for (int i = 0; i < full; i++) {
            allocator.retain(blocks.get(i));
            child.blocks.add(blocks.get(i));
        }
        if (length % bs != 0) {
            child.blocks.add(allocator.allocate());
        }
        return child;
    }

    /** Returns every block to the allocator; idempotent. */
    public void release() {
        if (!released) {
            blocks.forEach(allocator::release);
            blocks.clear();
            released = true;
        }
    }

    public int numBlocks() {
        return blocks.size();
    }

    private void checkLive() {
        if (released) {
            throw new IllegalStateException("block table already released");
        }
    }
}
