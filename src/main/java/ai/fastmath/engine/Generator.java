package ai.fastmath.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.fastmath.model.ForwardBatch;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.kv.BlockTable;
import ai.fastmath.model.kv.KvCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Generates one sequence at a time: prefill the prompt into the KV cache, then decode token by token
 * until a stop token or the token limit. The building block the command-line {@code generate} uses;
 * the batched scheduler is built on the same forward step.
 */
public final class Generator {

    private final Qwen2Model model;
    private final KvCache cache;

    public Generator(Qwen2Model model, KvCache cache) {
        this.model = model;
        this.cache = cache;
    }

    /**
     * @param prompt prompt token ids (at least one)
     * @param maxTokens most tokens to generate
     * @param stopTokens token ids that end generation (included in the output)
     * @param sampler picks each token
     * @param onToken called with each new token; return false to stop early
     * @return the generated token ids
     */
    public List<Integer> generate(
            int[] prompt, int maxTokens, Set<Integer> stopTokens, Sampler sampler, IntPredicate onToken) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
        int maxPositions = model.config().maxPositionEmbeddings();
        if (prompt.length >= maxPositions) {
            throw new IllegalArgumentException("prompt of " + prompt.length
                    + " tokens leaves no room below max_position_embeddings " + maxPositions);
        }
        List<Integer> out = new ArrayList<>();
        BlockTable table = cache.newSequence();
        try {
            int[] next = prompt;
            int start = 0;
            int limit = Math.min(maxTokens, maxPositions - prompt.length);
            while (out.size() < limit) {
                table.ensureCapacity(start + next.length);
                ForwardBatch.Chunk chunk = new ForwardBatch.Chunk(next, start, table.slots(start + next.length));
                float[] logits;
                try (NDManager scope = model.newScope()) {
                    NDArray rows = model.forward(scope, new ForwardBatch(List.of(chunk), false), cache);
                    logits = rows.toFloatArray();
                }
                int token = sampler.sample(logits);
                out.add(token);
                start += next.length;
                next = new int[] {token};
                if (stopTokens.contains(token) || !onToken.test(token)) {
                    break;
                }
            }
            return out;
        } finally {
            table.release();
        }
    }
}
