package ai.fastmath.engine;

import ai.djl.ndarray.NDManager;
import ai.fastmath.model.ForwardBatch;
import ai.fastmath.model.Qwen2Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The plain decoder the engine is compared with: one sequence, no batching, no cache; every step
 * recomputes the whole sequence and takes the argmax of the last position.
 */
final class ReferenceDecoder {

    private ReferenceDecoder() {}

    static List<Integer> greedy(Qwen2Model model, int[] prompt, int maxTokens) {
        int vocab = model.config().vocabSize();
        int[] seq = prompt.clone();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < maxTokens; i++) {
            float[] logits;
            try (NDManager scope = model.newScope()) {
                logits = model.forward(scope, ForwardBatch.uncached(List.of(seq)), null).toFloatArray();
            }
            int best = 0;
            int base = (seq.length - 1) * vocab;
            for (int v = 1; v < vocab; v++) {
                if (logits[base + v] > logits[base + best]) {
                    best = v;
                }
            }
            out.add(best);
            seq = Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = best;
        }
        return out;
    }
}
