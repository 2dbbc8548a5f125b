package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.engine.SamplingParams;
import java.util.List;
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
                Engine engine = Engine.of(model, null, EngineConfig.defaults().withKvCacheTokens(64))) {
            for (Golden.Case c : Golden.cases(name)) {
                // eos (id 2) ignored: the reference continuation runs 12 tokens regardless
                SamplingParams greedy = SamplingParams.builder().maxTokens(12).ignoreEos(true).build();
                List<Integer> out = engine.generate(c.inputIds(), greedy).sequences().get(0).tokenIds();
                assertArrayEquals(c.greedy(), out.stream().mapToInt(Integer::intValue).toArray(),
                        name + " from " + c.inputIds().length + " tokens");
            }
            assertEquals(0.0, engine.stats().kvUsage(), "every block returned");
        }
    }
}
