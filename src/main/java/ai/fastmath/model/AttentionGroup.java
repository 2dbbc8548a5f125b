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
 */
final class AttentionGroup {

    /** Large negative score for masked keys; finite so a fully padded row cannot become NaN. */
    static final float MASKED = -1e9f;

    final int batch;
    final int width; // longest chunk of the group
    final int keyLength; // longest context, cached positions included
    final int rows; // new tokens of the group
    final boolean direct; // the group is the whole step and uniform: padded = flat reshaped
    final NDArray toPadded; // (batch, width) int64 step row of each padded cell; null when direct
    final NDArray toRows; // (rows) int64 padded cell of each of the group's rows; null when direct
    final NDArray keyRows; // (batch, kvHeads, keyLength) int64 cache pool rows; null without a cache
    final NDArray mask; // (batch, 1, 1, width, keyLength) float32, 0 or MASKED, built on the device

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
        rows = n;
        direct = whole && same;

        long[] padIdx = new long[batch * width];
        long[] rowIdx = new long[rows];
        long[] keys = cached ? new long[batch * kvHeads * keyLength] : null;
        float[] visible = new float[batch * width];
        int row = 0;
        for (int s = 0; s < batch; s++) {
            ForwardBatch.Chunk c = chunks.get(s);
            int len = c.tokens().length;
            for (int t = 0; t < width; t++) {
                // padding cells repeat the sequence's first row; their output is dropped
                padIdx[s * width + t] = firstRows[s] + (t < len ? t : 0);
                // causal: the last key a query sees; padding rows see what the last real token sees
                visible[s * width + t] = (cached ? c.start() : 0) + Math.min(t, len - 1);
            }
            for (int t = 0; t < len; t++) {
                rowIdx[row++] = (long) s * width + t;
            }
            if (keys != null) {
                for (int h = 0; h < kvHeads; h++) {
                    int base = (s * kvHeads + h) * keyLength;
                    for (int j = 0; j < keyLength; j++) {
                        keys[base + j] = (j < c.end() ? c.slots()[j] : c.slots()[0]) * kvHeads + h;
                    }
                }
            }
        }
        toPadded = direct ? null : HostArrays.longs(m, padIdx, new Shape(batch, width));
        toRows = direct ? null : HostArrays.longs(m, rowIdx, new Shape(rows));
        keyRows = keys == null ? null : HostArrays.longs(m, keys, new Shape(batch, kvHeads, keyLength));
        mask = causalMask(m, visible);
    }

    /**
     * The additive attention mask, computed on the device from one number per query row, so a long
     * context costs (batch x width) host values, not (batch x width x keyLength).
     */
    private NDArray causalMask(NDManager m, float[] visible) {
        NDArray lastVisible = HostArrays.floats(m, visible, new Shape(batch, 1, 1, width, 1));
        NDArray keyPositions = m.arange(0f, keyLength, 1f, DataType.FLOAT32).reshape(1, 1, 1, 1, keyLength);
        NDArray masked = HostArrays.floats(m, new float[] {MASKED}, new Shape());
        return keyPositions.gt(lastVisible).toType(DataType.FLOAT32, false).mul(masked);
    }
}
