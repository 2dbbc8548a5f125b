package ai.fastmath.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The sequences of a step that run attention together, padded to the longest of them: (batch,
 * width, ...). A step keeps single-token decodes apart from prefill chunks so that a decode row is
 * never padded to a prompt chunk's width.
 *
 * <p>Decodes whose contexts begin with the same cache slots (the samples of one request, forked from
 * one prefill) attend to that shared prefix once, as one batch of all their queries, and to their own
 * suffixes apart; one softmax over both parts keeps the result exact (cascade attention). The shared
 * keys are then gathered once instead of once per sequence.
 */
final class AttentionGroup {

    /** Large negative score for masked keys; finite so a fully padded row cannot become NaN. */
    static final float MASKED = -1e9f;

    /** The shortest shared prefix attended apart: below it the extra operations cost more than the gather saved. */
    static final int MIN_SHARED_PREFIX = 32;

    final int batch;
    final int width; // longest chunk of the group
    final int keyLength; // longest context, cached positions included
    final int prefix; // leading positions whose slots every sequence shares (0: none attended apart)
    final int rows; // new tokens of the group
    final boolean direct; // the group is the whole step and uniform: padded = flat reshaped
    final NDArray toPadded; // (batch, width) int64 step row of each padded cell; null when direct
    final NDArray toRows; // (rows) int64 padded cell of each of the group's rows; null when direct
    final NDArray prefixRows; // (1, kvHeads, prefix) int64 cache pool rows of the shared prefix; null when prefix is 0
    final NDArray keyRows; // (batch, kvHeads, keyLength - prefix) int64 cache pool rows; null without a cache
    final NDArray mask; // (batch, 1, 1, width, keyLength - prefix) float32, 0 or MASKED, built on the device

    /**
     * @param chunks the group's sequences
     * @param firstRows step row of each chunk's first token
     * @param whole whether these are all the step's sequences
     */
    AttentionGroup(List<ForwardBatch.Chunk> chunks, int[] firstRows, boolean whole, boolean cached, int kvHeads, NDManager m) {
        batch = chunks.size();
        int w = 0;
        int kl = 0;
        int n = 0;
        boolean same = true;
        for (ForwardBatch.Chunk c : chunks) {
            w = Math.max(w, c.tokens().length);
            kl = Math.max(kl, c.end());
            n += c.tokens().length;
        }
        for (ForwardBatch.Chunk c : chunks) {
            same &= c.tokens().length == w;
        }
        width = w;
        keyLength = cached ? kl : w;
        prefix = cached && w == 1 ? sharedPrefix(chunks) : 0;
        rows = n;
        direct = whole && same;
        int own = keyLength - prefix; // keys each sequence attends to apart

        long[] padIdx = new long[batch * width];
        long[] rowIdx = new long[rows];
        long[] keys = cached ? new long[batch * kvHeads * own] : null;
        float[] visible = new float[batch * width];
        int row = 0;
        for (int s = 0; s < batch; s++) {
            ForwardBatch.Chunk c = chunks.get(s);
            int len = c.tokens().length;
            for (int t = 0; t < width; t++) {
                // padding cells repeat the sequence's first row; their output is dropped
                padIdx[s * width + t] = firstRows[s] + (t < len ? t : 0);
                // causal: the last key a query sees; padding rows see what the last real token sees
                visible[s * width + t] = (cached ? c.start() : 0) + Math.min(t, len - 1) - prefix;
            }
            for (int t = 0; t < len; t++) {
                rowIdx[row++] = (long) s * width + t;
            }
            if (keys != null) {
                for (int h = 0; h < kvHeads; h++) {
                    int base = (s * kvHeads + h) * own;
                    for (int j = 0; j < own; j++) {
                        int position = prefix + j; // padding repeats the first own key; the mask hides it
                        keys[base + j] = (position < c.end() ? c.slots()[position] : c.slots()[prefix]) * kvHeads + h;
                    }
                }
            }
        }
        toPadded = direct ? null : HostArrays.longs(m, padIdx, new Shape(batch, width));
        toRows = direct ? null : HostArrays.longs(m, rowIdx, new Shape(rows));
        keyRows = keys == null ? null : HostArrays.longs(m, keys, new Shape(batch, kvHeads, own));
        prefixRows = prefix == 0 ? null : HostArrays.longs(m, sharedRows(chunks.get(0).slots(), kvHeads), new Shape(1, kvHeads, prefix));
        mask = causalMask(m, visible, own);
    }

    /**
     * How many leading cache slots all the decodes share, when there are several and they share at
     * least {@link #MIN_SHARED_PREFIX}; else 0. Each decode keeps at least its own new position apart.
     */
    private static int sharedPrefix(List<ForwardBatch.Chunk> chunks) {
        if (chunks.size() < 2) {
            return 0;
        }
        long[] first = chunks.get(0).slots();
        int shared = Integer.MAX_VALUE;
        for (ForwardBatch.Chunk c : chunks) {
            shared = Math.min(shared, c.start());
        }
        for (ForwardBatch.Chunk c : chunks.subList(1, chunks.size())) {
            int j = 0;
            while (j < shared && c.slots()[j] == first[j]) {
                j++;
            }
            shared = j;
        }
        return shared >= MIN_SHARED_PREFIX ? shared : 0;
    }

    /** (kvHeads, prefix) pool rows of the shared prefix, head-major like {@link #keyRows}. */
    private long[] sharedRows(long[] slots, int kvHeads) {
        long[] out = new long[kvHeads * prefix];
        for (int h = 0; h < kvHeads; h++) {
            for (int j = 0; j < prefix; j++) {
                out[h * prefix + j] = slots[j] * kvHeads + h;
            }
        }
        return out;
    }

    /**
     * The additive attention mask over the keys after the shared prefix, computed on the device from
     * one number per query row (the last visible key, counted from the prefix), so a long context
     * costs (batch x width) host values, not (batch x width x keyLength).
     */
    private NDArray causalMask(NDManager m, float[] visible, int keys) {
        NDArray lastVisible = HostArrays.floats(m, visible, new Shape(batch, 1, 1, width, 1));
        NDArray keyPositions = m.arange(0f, keys, 1f, DataType.FLOAT32).reshape(1, 1, 1, 1, keys);
        NDArray masked = HostArrays.floats(m, new float[] {MASKED}, new Shape());
        return keyPositions.gt(lastVisible).toType(DataType.FLOAT32, false).mul(masked);
    }
}
