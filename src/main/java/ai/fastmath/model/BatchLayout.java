package ai.fastmath.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Host-side bookkeeping of one step, turned into index arrays once and shared by every layer. New
 * tokens are processed flat, (n, hidden), for the projections and the MLP; attention runs padded,
 * (batch, width, ...), and these indices move rows between the two layouts.
 */
final class BatchLayout {

    /** Large negative score for masked keys; finite so a fully padded row cannot become NaN. */
    static final float MASKED = -1e9f;

    final int batch;
    final int width; // longest chunk
    final int tokens; // n, all new tokens
    final int keyLength; // longest context, cached positions included
    final boolean uniform; // every chunk has `width` tokens: padded = flat reshaped, no gathers
    final NDArray tokenIds; // (n) int64
    final NDArray positions; // (n) float32
    final NDArray toPadded; // (batch, width) int64 flat row of each padded cell; null when uniform
    final NDArray toFlat; // (n) int64 padded cell of each flat row; null when uniform
    final NDArray keySlots; // (batch, keyLength) int64 cache slots; null without a cache
    final NDArray newSlots; // (n) int64 cache slots to write; null without a cache
    final NDArray mask; // (batch, 1, 1, width, keyLength) float32, 0 or MASKED, built on the device
    final NDArray logitRows; // (rows) int64 flat rows whose logits are returned; null = all
    final NDArray normEps; // () float32, RMSNorm epsilon
    final NDArray attnScale; // () float32, 1 / sqrt(headDim)

    /** Scalars are arrays made here once per step: DJL's {@code x.add(2.0)} allocates a GC-freed buffer. */
    BatchLayout(ForwardBatch b, NDManager m, ModelConfig config) {
        List<ForwardBatch.Chunk> chunks = b.chunks();
        batch = chunks.size();
        tokens = b.tokenCount();
        int w = 0;
        int kl = 0;
        for (ForwardBatch.Chunk c : chunks) {
            w = Math.max(w, c.tokens().length);
            kl = Math.max(kl, c.end());
        }
        width = w;
        keyLength = b.cached() ? kl : w;
        boolean same = true;
        for (ForwardBatch.Chunk c : chunks) {
            same &= c.tokens().length == width;
        }
        uniform = same;

        long[] ids = new long[tokens];
        float[] pos = new float[tokens];
        long[] padIdx = new long[batch * width];
        long[] flatIdx = new long[tokens];
        long[] last = new long[batch];
        long[] keys = b.cached() ? new long[batch * keyLength] : null;
        long[] write = b.cached() ? new long[tokens] : null;
        float[] visible = new float[batch * width];
        int row = 0;
        for (int s = 0; s < batch; s++) {
            ForwardBatch.Chunk c = chunks.get(s);
            int first = row;
            for (int t = 0; t < c.tokens().length; t++, row++) {
                ids[row] = c.tokens()[t];
                pos[row] = c.start() + t;
                padIdx[s * width + t] = row;
                flatIdx[row] = (long) s * width + t;
                if (write != null) {
                    write[row] = c.slots()[c.start() + t];
                }
            }
            for (int t = c.tokens().length; t < width; t++) {
                padIdx[s * width + t] = first; // padding: any valid row, its output is dropped
            }
            last[s] = row - 1;
            if (keys != null) {
                for (int j = 0; j < keyLength; j++) {
                    keys[s * keyLength + j] = j < c.end() ? c.slots()[j] : c.slots()[0];
                }
            }
            int offset = b.cached() ? c.start() : 0;
            for (int t = 0; t < width; t++) {
                // causal: the last key a query sees; padding rows see what the last real token sees
                visible[s * width + t] = offset + Math.min(t, c.tokens().length - 1);
            }
        }
        tokenIds = HostArrays.longs(m, ids, new Shape(tokens));
        positions = HostArrays.floats(m, pos, new Shape(tokens));
        toPadded = uniform ? null : HostArrays.longs(m, padIdx, new Shape(batch, width));
        toFlat = uniform ? null : HostArrays.longs(m, flatIdx, new Shape(tokens));
        keySlots = keys == null ? null : HostArrays.longs(m, keys, new Shape(batch, keyLength));
        newSlots = write == null ? null : HostArrays.longs(m, write, new Shape(tokens));
        mask = causalMask(m, visible);
        logitRows = b.allLogits() ? null : HostArrays.longs(m, last, new Shape(batch));
        normEps = HostArrays.floats(m, new float[] {(float) config.rmsNormEps()}, new Shape());
        attnScale = HostArrays.floats(m, new float[] {(float) (1.0 / Math.sqrt(config.headDim()))}, new Shape());
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
