package ai.fastmath.model.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Block bookkeeping: slot mapping, sharing by reference count, exhaustion, release. */
class BlockTableTest {

    @Test
    void slotsFollowTheBlocksInPositionOrder() {
        BlockAllocator a = new BlockAllocator(4, 2);
        BlockTable other = new BlockTable(a);
        other.ensureCapacity(1); // takes block 0, so ours starts elsewhere
        BlockTable t = new BlockTable(a);
        t.ensureCapacity(3);
        assertEquals(2, t.numBlocks());
        assertArrayEquals(new long[] {2, 3, 4}, t.slots(3));
        assertThrows(IllegalArgumentException.class, () -> t.slots(5));
    }

    @Test
    void forkSharesFullBlocksAndCopiesNoPartialOne() {
        BlockAllocator a = new BlockAllocator(8, 4);
        BlockTable parent = new BlockTable(a);
        parent.ensureCapacity(10); // blocks 0, 1 full; block 2 holds 2 positions
        BlockTable child = parent.fork(10);
        assertEquals(2, a.refCount(0));
        assertEquals(2, a.refCount(1));
        assertEquals(1, a.refCount(2), "the partial block is the parent's alone");
        long[] p = parent.slots(10);
        long[] c = child.slots(10);
        assertArrayEquals(java.util.Arrays.copyOf(p, 8), java.util.Arrays.copyOf(c, 8));
        assertEquals(12, c[8], "child's partial block is a fresh one (block 3)");
        parent.release();
        assertEquals(1, a.refCount(0));
        child.release();
        assertEquals(8, a.freeBlocks());
    }

    @Test
    void exhaustionIsAnErrorAndLeavesTheTableUsable() {
        BlockAllocator a = new BlockAllocator(2, 4);
        BlockTable t = new BlockTable(a);
        t.ensureCapacity(8);
        KvCacheFullException e = assertThrows(KvCacheFullException.class, () -> t.ensureCapacity(9));
        assertEquals("KV cache full: need 1 blocks, 0 free", e.getMessage());
        assertEquals(8, t.capacity());
        t.release();
        t.release(); // idempotent
        assertEquals(2, a.freeBlocks());
        assertThrows(IllegalStateException.class, () -> t.ensureCapacity(1));
    }

    @Test
    void doubleReleaseOfABlockIsCaught() {
        BlockAllocator a = new BlockAllocator(1, 1);
        int b = a.allocate();
        a.release(b);
        assertThrows(IllegalStateException.class, () -> a.release(b));
    }
}
