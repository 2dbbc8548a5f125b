package ai.fastmath.engine;

import ai.fastmath.model.ForwardBatch;
import ai.fastmath.model.kv.BlockAllocator;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A model for engine tests: its "KV cache" stores the token at each slot, so every step rebuilds each
 * sequence from the slots the engine handed it (a slot mix-up changes the output), and its logits
 * are any function of the whole sequence.
 */
public final class FakeRunner implements ModelRunner {

    private final int vocab;
    private final BlockAllocator allocator;
    private final int[] slotTokens;
    private final Function<int[], float[]> logits;
    private final List<Integer> eos;
    public volatile long stepDelayMillis;
    int forwardCalls;
    int maxBatch;

    public FakeRunner(int vocab, int blocks, int blockSize, List<Integer> eos, Function<int[], float[]> logits) {
        this.vocab = vocab;
        this.allocator = new BlockAllocator(blocks, blockSize);
        this.slotTokens = new int[blocks * blockSize];
        this.logits = logits;
        this.eos = eos;
    }

    /** Logits that are the same whatever the sequence. */
    public static Function<int[], float[]> fixed(float... row) {
        return seq -> row;
    }

    /** Logits that make greedy decoding follow {@code script} after a prompt of {@code promptLength}. */
    public static Function<int[], float[]> scripted(int vocab, int promptLength, int[] script) {
        return seq -> {
            float[] row = new float[vocab];
            int p = seq.length - promptLength;
            row[p < script.length ? script[p] : 0] = 10f;
            return row;
        };
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public int maxPositions() {
        return 4096;
    }

    @Override
    public List<Integer> eosTokenIds() {
        return eos;
    }

    @Override
    public BlockAllocator allocator() {
        return allocator;
    }

    @Override
    public synchronized StepLogits forward(ForwardBatch batch) {
        forwardCalls++;
        maxBatch = Math.max(maxBatch, batch.chunks().size());
        if (stepDelayMillis > 0) {
            try {
                Thread.sleep(stepDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        float[] out = new float[batch.chunks().size() * vocab];
        for (int c = 0; c < batch.chunks().size(); c++) {
            ForwardBatch.Chunk chunk = batch.chunks().get(c);
            for (int t = 0; t < chunk.tokens().length; t++) {
                slotTokens[(int) chunk.slots()[chunk.start() + t]] = chunk.tokens()[t];
            }
            int[] seq = new int[chunk.end()];
            for (int p = 0; p < seq.length; p++) {
                seq[p] = slotTokens[(int) chunk.slots()[p]];
            }
            System.arraycopy(logits.apply(seq), 0, out, c * vocab, vocab);
        }
        return new HostLogits(out, vocab);
    }

    @Override
    public synchronized void copySlots(long[] from, long[] to) {
        for (int i = 0; i < from.length; i++) {
            slotTokens[(int) to[i]] = slotTokens[(int) from[i]];
        }
    }

    @Override
    public void close() {
        Arrays.fill(slotTokens, 0);
    }
}
