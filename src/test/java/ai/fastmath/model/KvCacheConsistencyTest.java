package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.fastmath.model.kv.BlockTable;
import ai.fastmath.model.kv.KvCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cached paths agree with the plain one: incremental decode equals recomputing the whole
 * sequence, a mixed batch equals each sequence alone, a forked sequence equals its parent.
 */
class KvCacheConsistencyTest {

    private static final double TOLERANCE = 1e-4;
    private static Qwen2Model model;

    @BeforeAll
    static void load() {
        model = Qwen2Model.load(Golden.dir(Golden.F32), TensorRuntime.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void incrementalDecodeEqualsRecomputation() {
        int[] seq = randomTokens(new Random(1), 40);
        float[][] full = uncachedLogits(seq);
        try (KvCache cache = new KvCache(model.config(), model.runtime(), 10, 4)) {
            BlockTable table = cache.newSequence();
            // prefill 9 tokens in two chunks (5 + 4), then decode one token at a time
            int pos = 0;
            for (int len : chunkLengths(seq.length, 5, 4)) {
                int[] chunk = Arrays.copyOfRange(seq, pos, pos + len);
                table.ensureCapacity(pos + len);
                float[][] got = cachedLogits(List.of(new ForwardBatch.Chunk(chunk, pos, table.slots(pos + len))), cache, true);
                for (int t = 0; t < len; t++) {
                    assertClose(full[pos + t], got[t], "position " + (pos + t));
                }
                pos += len;
            }
            table.release();
        }
    }

    @Test
    void mixedBatchEqualsEachSequenceAlone() {
        Random r = new Random(2);
        int[][] prompts = {randomTokens(r, 3), randomTokens(r, 11), randomTokens(r, 7)};
        int decodeSteps = 5;
        int[][] continuations = {randomTokens(r, decodeSteps), randomTokens(r, decodeSteps), randomTokens(r, decodeSteps)};
        try (KvCache cache = new KvCache(model.config(), model.runtime(), 32, 4)) {
            List<BlockTable> tables = new ArrayList<>();
            List<ForwardBatch.Chunk> prefill = new ArrayList<>();
            for (int[] p : prompts) {
                BlockTable t = cache.newSequence();
                t.ensureCapacity(p.length);
                tables.add(t);
                prefill.add(new ForwardBatch.Chunk(p, 0, t.slots(p.length)));
            }
            float[][] got = cachedLogits(prefill, cache, true);
            int row = 0;
            for (int[] p : prompts) {
                float[][] alone = uncachedLogits(p);
                for (int t = 0; t < p.length; t++) {
                    assertClose(alone[t], got[row++], "prefill row " + row);
                }
            }
            // decode steps where one sequence joins late with a prefill of its own: mixed batch
            for (int step = 0; step < decodeSteps; step++) {
                List<ForwardBatch.Chunk> chunks = new ArrayList<>();
                for (int s = 0; s < prompts.length; s++) {
                    int start = prompts[s].length + step;
                    tables.get(s).ensureCapacity(start + 1);
                    chunks.add(new ForwardBatch.Chunk(new int[] {continuations[s][step]}, start, tables.get(s).slots(start + 1)));
                }
                float[][] last = cachedLogits(chunks, cache, false);
                for (int s = 0; s < prompts.length; s++) {
                    int[] whole = concat(prompts[s], Arrays.copyOf(continuations[s], step + 1));
                    float[][] alone = uncachedLogits(whole);
                    assertClose(alone[whole.length - 1], last[s], "sequence " + s + " step " + step);
                }
            }
            tables.forEach(BlockTable::release);
            assertEquals(cache.allocator().numBlocks(), cache.allocator().freeBlocks());
        }
    }

    @Test
    void prefillChunksJoiningRunningDecodesInOneStep() {
        Random r = new Random(5);
        int[] runningA = randomTokens(r, 6);
        int[] runningB = randomTokens(r, 13);
        int[] joiner = randomTokens(r, 9);
        int[] other = randomTokens(r, 4);
        try (KvCache cache = new KvCache(model.config(), model.runtime(), 32, 4)) {
            BlockTable a = cache.newSequence();
            BlockTable b = cache.newSequence();
            a.ensureCapacity(runningA.length + 1);
            b.ensureCapacity(runningB.length + 1);
            cachedLogits(List.of(
                    new ForwardBatch.Chunk(Arrays.copyOf(runningA, 5), 0, a.slots(5)),
                    new ForwardBatch.Chunk(Arrays.copyOf(runningB, 12), 0, b.slots(12))), cache, false);
            BlockTable j = cache.newSequence();
            BlockTable o = cache.newSequence();
            j.ensureCapacity(joiner.length);
            o.ensureCapacity(other.length);
            // one step: decode A, a prefill of 9, decode B, a prefill of 4 (two groups, interleaved rows)
            float[][] got = cachedLogits(List.of(
                    new ForwardBatch.Chunk(new int[] {runningA[5]}, 5, a.slots(6)),
                    new ForwardBatch.Chunk(joiner, 0, j.slots(joiner.length)),
                    new ForwardBatch.Chunk(new int[] {runningB[12]}, 12, b.slots(13)),
                    new ForwardBatch.Chunk(other, 0, o.slots(other.length))), cache, true);
            assertClose(uncachedLogits(runningA)[5], got[0], "decode A");
            float[][] joinerAlone = uncachedLogits(joiner);
            for (int t = 0; t < joiner.length; t++) {
                assertClose(joinerAlone[t], got[1 + t], "joiner position " + t);
            }
            assertClose(uncachedLogits(runningB)[12], got[1 + joiner.length], "decode B");
            float[][] otherAlone = uncachedLogits(other);
            for (int t = 0; t < other.length; t++) {
                assertClose(otherAlone[t], got[2 + joiner.length + t], "other position " + t);
            }
        }
    }

    @Test
    void decodesWithContextsInDifferentBucketsShareAStep() {
        Random r = new Random(6);
        int[][] seqs = {randomTokens(r, 10), randomTokens(r, 100), randomTokens(r, 150), randomTokens(r, 60)};
        try (KvCache cache = new KvCache(model.config(), model.runtime(), 128, 4)) {
            List<ForwardBatch.Chunk> decode = new ArrayList<>();
            for (int[] s : seqs) {
                BlockTable t = cache.newSequence();
                t.ensureCapacity(s.length);
                int n = s.length - 1;
                cachedLogits(List.of(new ForwardBatch.Chunk(Arrays.copyOf(s, n), 0, t.slots(n))), cache, false);
                decode.add(new ForwardBatch.Chunk(new int[] {s[n]}, n, t.slots(s.length)));
            }
            // contexts 10, 100, 150, 60: buckets 64, 128, 256, 64 -> three attention groups
            float[][] got = cachedLogits(decode, cache, false);
            for (int i = 0; i < seqs.length; i++) {
                assertClose(uncachedLogits(seqs[i])[seqs[i].length - 1], got[i], "sequence " + i);
            }
        }
    }

    @Test
    void aByteBudgetConvertsToTheTokensItHolds() {
        try (KvCache cache = new KvCache(model.config(), model.runtime(), 10, 4)) {
            // 2 layers x (keys + values) x 2 kv heads x 16 dims x 4 bytes = 512 bytes per token
            assertEquals(40 * 512, cache.bytes());
            assertEquals(40, KvCache.tokensForBytes(model.config(), model.runtime(), cache.bytes()));
            assertEquals(39, KvCache.tokensForBytes(model.config(), model.runtime(), cache.bytes() - 1));
        }
    }

    @Test
    void uncachedBatchOfDifferentLengthsEqualsEachAlone() {
        Random r = new Random(3);
        List<int[]> seqs = List.of(randomTokens(r, 2), randomTokens(r, 9), randomTokens(r, 5));
        float[][] batch;
        try (NDManager scope = model.newScope()) {
            batch = rows(model.forward(scope, ForwardBatch.uncached(seqs), null).toFloatArray());
        }
        int row = 0;
        for (int[] s : seqs) {
            float[][] alone = uncachedLogits(s);
            for (float[] expected : alone) {
                assertClose(expected, batch[row++], "row " + row);
            }
        }
    }

    @Test
    void forkedSequenceContinuesLikeItsParent() {
        int[] prompt = randomTokens(new Random(4), 10); // 2 full blocks of 4 + a partial one
        int next = 17;
        try (KvCache cache = new KvCache(model.config(), model.runtime(), 16, 4)) {
            BlockTable parent = cache.newSequence();
            parent.ensureCapacity(prompt.length);
            cachedLogits(List.of(new ForwardBatch.Chunk(prompt, 0, parent.slots(prompt.length))), cache, false);
            BlockTable child = parent.fork(prompt.length);
            child.ensureCapacity(prompt.length);
            long[] from = Arrays.copyOfRange(parent.slots(prompt.length), 8, 10);
            long[] to = Arrays.copyOfRange(child.slots(prompt.length), 8, 10);
            try (NDManager scope = model.newScope()) {
                cache.copySlots(scope, from, to);
            }
            assertEquals(2, cache.allocator().refCount((int) (parent.slots(1)[0] / 4)), "full blocks are shared");
            parent.ensureCapacity(prompt.length + 1);
            child.ensureCapacity(prompt.length + 1);
            float[][] both = cachedLogits(List.of(
                    new ForwardBatch.Chunk(new int[] {next}, prompt.length, parent.slots(prompt.length + 1)),
                    new ForwardBatch.Chunk(new int[] {next}, prompt.length, child.slots(prompt.length + 1))), cache, false);
            float[][] alone = uncachedLogits(concat(prompt, new int[] {next}));
            assertClose(alone[prompt.length], both[0], "parent");
            assertClose(alone[prompt.length], both[1], "child");
            parent.release();
            child.release();
            assertEquals(cache.allocator().numBlocks(), cache.allocator().freeBlocks());
        }
    }

    static int[] randomTokens(Random r, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextInt(model.config().vocabSize());
        }
        return out;
    }

    private static List<Integer> chunkLengths(int total, int... prefill) {
        List<Integer> out = new ArrayList<>();
        int used = 0;
        for (int p : prefill) {
            out.add(p);
            used += p;
        }
        while (used++ < total) {
            out.add(1);
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float[][] uncachedLogits(int[] seq) {
        try (NDManager scope = model.newScope()) {
            return rows(model.forward(scope, ForwardBatch.uncached(List.of(seq)), null).toFloatArray());
        }
    }

    private static float[][] cachedLogits(List<ForwardBatch.Chunk> chunks, KvCache cache, boolean all) {
        try (NDManager scope = model.newScope()) {
            return rows(model.forward(scope, new ForwardBatch(chunks, all), cache).toFloatArray());
        }
    }

    private static float[][] rows(float[] flat) {
        int v = model.config().vocabSize();
        float[][] out = new float[flat.length / v][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(flat, i * v, (i + 1) * v);
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > TOLERANCE) {
                throw new AssertionError(what + " logit " + i + ": " + expected[i] + " vs " + actual[i]);
            }
        }
    }
}
