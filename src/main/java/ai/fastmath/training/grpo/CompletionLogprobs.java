package ai.fastmath.training.grpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.fastmath.model.ForwardBatch;
import ai.fastmath.model.Qwen2Model;
import java.util.List;

/**
 * Log-probabilities of completion tokens under a model: one forward pass over prompt + completion per
 * sequence (the runtime's uncached batch), the logits of the positions that predict completion tokens,
 * divided by the sampling temperature as TRL does, log-softmaxed and gathered at the sampled tokens.
 */
public final class CompletionLogprobs {

    private CompletionLogprobs() {}

    /**
     * @return (total completion tokens) float32, sequence after sequence; with gradient when the model has
     *     trainable parameters and gradients are being recorded
     */
    public static NDArray of(Qwen2Model model, NDManager scope, List<Completion> batch, double temperature) {
        int total = batch.stream().mapToInt(c -> c.tokens().length).sum();
        long[] rows = new long[total];
        long[] targets = new long[total];
        List<int[]> sequences = new java.util.ArrayList<>(batch.size());
        int offset = 0;
        int k = 0;
        for (Completion c : batch) {
            int[] seq = new int[c.prompt().length + c.tokens().length];
            System.arraycopy(c.prompt(), 0, seq, 0, c.prompt().length);
            System.arraycopy(c.tokens(), 0, seq, c.prompt().length, c.tokens().length);
            sequences.add(seq);
            for (int j = 0; j < c.tokens().length; j++, k++) {
                rows[k] = offset + c.prompt().length - 1 + j; // this position's logits predict completion token j
                targets[k] = c.tokens()[j];
            }
            offset += seq.length;
        }
        NDArray logits = model.forward(scope, ForwardBatch.uncached(sequences), null); // (tokens, vocab)
        NDArray picked = logits.get(new NDIndex("{}", scope.create(rows, new Shape(total))));
        if (temperature != 1.0) {
            picked = picked.div(scope.create(new float[] {(float) temperature}, new Shape()));
        }
        return picked.logSoftmax(1).gather(scope.create(targets, new Shape(total, 1)), 1).reshape(total);
    }
}
