package ai.fastmath.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.fastmath.model.kv.KvCache;
import java.util.ArrayList;
import java.util.List;

/**
 * Host-side bookkeeping of one step, turned into index arrays once and shared by every layer. New
 * tokens are processed flat, (n, hidden), for the projections and the MLP; attention runs padded per
 * {@link AttentionGroup}, and these indices move rows between the layouts.
 */
final class BatchLayout {

    final int tokens; // n, all new tokens
    final NDArray tokenIds; // (n) int64
    final NDArray positions; // (n) float32
    final NDArray newRows; // (n * kvHeads) int64 cache pool rows to write; null without a cache
    final NDArray logitRows; // (rows) int64 step rows whose logits are returned; null = all
    final List<AttentionGroup> groups;
    final NDArray regroup; // (n) int64 row of each step row in the groups' concatenated output; null for one group
    final NDArray normEps; // () float32, RMSNorm epsilon
    final NDArray attnScale; // () float32, 1 / sqrt(headDim)

    /** Scalars are arrays made here once per step: DJL's {@code x.add(2.0)} allocates a GC-freed buffer. */
    BatchLayout(ForwardBatch b, NDManager m, ModelConfig config) {
        List<ForwardBatch.Chunk> chunks = b.chunks();
        tokens = b.tokenCount();
        long[] ids = new long[tokens];
        float[] pos = new float[tokens];
        long[] last = new long[chunks.size()];
        long[] write = b.cached() ? new long[tokens] : null;
        int[] firstRow = new int[chunks.size()];
        int row = 0;
        for (int s = 0; s < chunks.size(); s++) {
            ForwardBatch.Chunk c = chunks.get(s);
            firstRow[s] = row;
            for (int t = 0; t < c.tokens().length; t++, row++) {
                ids[row] = c.tokens()[t];
                pos[row] = c.start() + t;
                if (write != null) {
                    write[row] = c.slots()[c.start() + t];
                }
            }
            last[s] = row - 1;
        }
        tokenIds = HostArrays.longs(m, ids, new Shape(tokens));
        positions = HostArrays.floats(m, pos, new Shape(tokens));
        int kvHeads = config.numKvHeads();
        newRows = write == null ? null : HostArrays.longs(m, KvCache.rows(write, kvHeads), new Shape((long) tokens * kvHeads));
        logitRows = b.allLogits() ? null : HostArrays.longs(m, last, new Shape(chunks.size()));
        normEps = HostArrays.floats(m, new float[] {(float) config.rmsNormEps()}, new Shape());
        attnScale = HostArrays.floats(m, new float[] {(float) (1.0 / Math.sqrt(config.headDim()))}, new Shape());

        // Decodes (one new token) attend apart from prefill chunks, which may be hundreds wide, and in
        // buckets of context length (powers of two from 64), so a short sequence's keys are not
        // padded to the longest context in the step: the gather and the scores scale with the padding.
        java.util.TreeMap<Integer, List<Integer>> buckets = new java.util.TreeMap<>();
        for (int s = 0; s < chunks.size(); s++) {
            ForwardBatch.Chunk c = chunks.get(s);
            int key = c.tokens().length == 1 ? contextBucket(c.end()) : Integer.MAX_VALUE;
            buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        List<List<Integer>> members = new ArrayList<>(buckets.values());
        groups = new ArrayList<>();
        long[] regroupIdx = new long[tokens];
        int offset = 0;
        for (List<Integer> group : members) {
            List<ForwardBatch.Chunk> gc = new ArrayList<>();
            int[] starts = new int[group.size()];
            for (int i = 0; i < group.size(); i++) {
                int s = group.get(i);
                gc.add(chunks.get(s));
                starts[i] = firstRow[s];
                for (int t = 0; t < chunks.get(s).tokens().length; t++) {
                    regroupIdx[firstRow[s] + t] = offset++;
                }
            }
            groups.add(new AttentionGroup(gc, starts, members.size() == 1, b.cached(), kvHeads, m));
        }
        regroup = groups.size() == 1 ? null : HostArrays.longs(m, regroupIdx, new Shape(tokens));
    }

    /** Buckets of context length for decodes: 64, 128, 256, ... (the exponent of the bound). */
    static int contextBucket(int length) {
        return 32 - Integer.numberOfLeadingZeros(Math.max(length, 64) - 1);
    }
}
