package ai.fastmath.engine;

import java.util.ArrayList;
import java.util.List;

/** A step's logits copied to the host, sampled there by the reference {@link TokenSampler}. */
public final class HostLogits implements StepLogits {

    private final float[] logits;
    private final int vocab;

    /** @param logits row-major (rows, vocab) */
    public HostLogits(float[] logits, int vocab) {
        this.logits = logits;
        this.vocab = vocab;
    }

    @Override
    public List<TokenSampler.Sample> sample(List<Draw> draws) {
        List<TokenSampler.Sample> out = new ArrayList<>(draws.size());
        for (Draw d : draws) {
            TokenSampler.Sample s = TokenSampler.sample(d.params(), logits, d.row() * vocab, vocab, d.uniform());
            int k = d.params().confidenceTopK();
            out.add(k > 0 ? s.withConfidence(TokenSampler.confidence(logits, d.row() * vocab, vocab, k)) : s);
        }
        return out;
    }

    @Override
    public long hostBytes() {
        return 4L * logits.length;
    }

    @Override
    public void close() {
        // heap memory: nothing to release
    }
}
