package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.fastmath.engine.Generator;
import ai.fastmath.engine.Sampler;
import ai.fastmath.model.kv.KvCache;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every logit of both golden checkpoints within 1e-3 of an independent PyTorch reference. */
class GoldenLogitsTest {

    private static final double TOLERANCE = 1e-3;

    @ParameterizedTest
    @ValueSource(strings = {Golden.F32, Golden.BF16_SHARDED})
    void logitsMatchReferenceAtEveryPosition(String name) throws Exception {
        try (Qwen2Model model = Qwen2Model.load(Golden.dir(name), TensorRuntime.cpu())) {
            for (Golden.Case c : Golden.cases(name)) {
                try (NDManager scope = model.newScope()) {
                    NDArray logits = model.forward(scope, ForwardBatch.uncached(List.of(c.inputIds())), null);
                    float[] got = logits.toFloatArray();
                    int vocab = model.config().vocabSize();
                    assertEquals(c.logits().length * vocab, got.length);
                    for (int p = 0; p < c.logits().length; p++) {
                        for (int v = 0; v < vocab; v++) {
                            float want = c.logits()[p][v];
                            float have = got[p * vocab + v];
                            if (Math.abs(want - have) > TOLERANCE) {
                                throw new AssertionError(name + " length " + c.inputIds().length + " position " + p
                                        + " token " + v + ": expected " + want + " got " + have);
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Golden.F32, Golden.BF16_SHARDED})
    void greedyContinuationMatchesReference(String name) throws Exception {
        try (Qwen2Model model = Qwen2Model.load(Golden.dir(name), TensorRuntime.cpu());
                KvCache cache = KvCache.forTokens(model.config(), model.runtime(), 64, 16)) {
            Generator generator = new Generator(model, cache);
            for (Golden.Case c : Golden.cases(name)) {
                List<Integer> out = generator.generate(c.inputIds(), 12, Set.of(), Sampler.GREEDY, t -> true);
                assertArrayEquals(c.greedy(), out.stream().mapToInt(Integer::intValue).toArray(),
                        name + " from " + c.inputIds().length + " tokens");
            }
            assertEquals(cache.allocator().numBlocks(), cache.allocator().freeBlocks(), "every block returned");
        }
    }
}
