package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.engine.SamplingParams;
import ai.fastmath.model.kv.BlockTable;
import ai.fastmath.model.kv.KvCache;
import ai.fastmath.model.safetensors.TensorStore;
import ai.fastmath.model.tokenizer.TextTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Float16 weights with float32 activations on the CPU, against the independent float32 reference
 * logits and greedy continuations of the golden BF16 checkpoint, and against the float32 default
 * model, with the product picked per batch: float16 for no product (the float32 copies: 0 rows), for
 * every product ({@code MAX_VALUE}), or for one-row decode steps only (1).
 */
class HalfWeightsTest {

    private static final String NAME = Golden.BF16_SHARDED;

    private static Qwen2Model mixed(int halfRows) {
        try (TensorStore store = TensorStore.open(Golden.dir(NAME))) {
            return Qwen2Model.buildMixed(ModelConfig.load(Golden.dir(NAME)), new CheckpointTensors(store), halfRows);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, Integer.MAX_VALUE})
    void logitsStayCloseToTheFloat32Reference(int halfRows) throws Exception {
        // BF16 weights are exact in float16, so the float32 copies give the reference to its own 1e-3; float16
        // products round the activations: this checkpoint's weights reach 0.87 (40x a real model's), its logits
        // 6, and the worst logit measured moves by 0.064
        double tolerance = halfRows == 0 ? 1e-3 : 0.1;
        try (Qwen2Model model = mixed(halfRows)) {
            assertEquals(DataType.FLOAT16, model.weights().layers.get(0).qkvWeight().getDataType());
            assertEquals(DataType.FLOAT32, model.weights().layers.get(0).qkvBias().getDataType());
            int vocab = model.config().vocabSize();
            int checked = 0;
            for (Golden.Case c : Golden.cases(NAME)) {
                // one prefill (as many rows as tokens) and a token-by-token decode of the same sequence
                float[][] byPrefill = new float[c.inputIds().length][];
                float[][] byDecode = new float[c.inputIds().length][];
                try (KvCache cache = KvCache.forTokens(model.config(), model.runtime(), 2 * c.inputIds().length + 32, 16);
                        NDManager scope = model.newScope()) {
                    assertEquals(DataType.FLOAT32, cache.dtype());
                    BlockTable whole = cache.newSequence();
                    whole.ensureCapacity(c.inputIds().length);
                    float[] all = model.forward(scope, new ForwardBatch(List.of(
                            new ForwardBatch.Chunk(c.inputIds(), 0, whole.slots(c.inputIds().length))), true), cache).toFloatArray();
                    BlockTable steps = cache.newSequence();
                    steps.ensureCapacity(c.inputIds().length);
                    for (int p = 0; p < c.inputIds().length; p++) {
                        byPrefill[p] = java.util.Arrays.copyOfRange(all, p * vocab, (p + 1) * vocab);
                        byDecode[p] = model.forward(scope, new ForwardBatch(List.of(
                                new ForwardBatch.Chunk(new int[] {c.inputIds()[p]}, p, steps.slots(p + 1))), false), cache)
                                .toFloatArray();
                    }
                }
                for (int p = 0; p < c.logits().length; p++) {
                    for (int v = 0; v < vocab; v++) {
                        assertEquals(c.logits()[p][v], byPrefill[p][v], tolerance, "prefill, position " + p + " token " + v);
                        assertEquals(c.logits()[p][v], byDecode[p][v], tolerance, "decode, position " + p + " token " + v);
                        checked++;
                    }
                }
            }
            assertTrue(checked > 1000, checked + " logits compared");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, Integer.MAX_VALUE})
    void greedyContinuationsEqualTheReference(int halfRows) throws Exception {
        try (Qwen2Model model = mixed(halfRows);
                Engine engine = Engine.of(model, null, EngineConfig.defaults().withKvCacheTokens(64))) {
            for (Golden.Case c : Golden.cases(NAME)) {
                SamplingParams greedy = SamplingParams.builder().maxTokens(12).ignoreEos(true).build();
                List<Integer> out = engine.generate(c.inputIds(), greedy).sequences().get(0).tokenIds();
                assertArrayEquals(c.greedy(), out.stream().mapToInt(Integer::intValue).toArray(),
                        "prompt of " + c.inputIds().length + " tokens");
            }
        }
    }

    @Test
    void theDefaultModelsFloat16LogitsStayWithinFiveHundredthsOfItsFloat32Ones() {
        Path dir = DefaultModel.locate(Path.of("")).orElseThrow();
        int[] prompt = TextTokenizer.load(dir).encode("What is 17 + 25? Think, then give the answer in \\boxed{}.");
        try (Qwen2Model full = Qwen2Model.load(dir, TensorRuntime.cpu());
                TensorStore store = TensorStore.open(dir);
                Qwen2Model half = Qwen2Model.buildMixed(ModelConfig.load(dir), new CheckpointTensors(store), Integer.MAX_VALUE);
                Engine engine = Engine.of(full, null, EngineConfig.defaults().withKvCacheTokens(256));
                Engine halfEngine = Engine.of(half, null, EngineConfig.defaults().withKvCacheTokens(256))) {
            SamplingParams greedy = SamplingParams.builder().maxTokens(48).ignoreEos(true).build();
            List<Integer> want = engine.generate(prompt, greedy).sequences().get(0).tokenIds();
            assertEquals(want, halfEngine.generate(prompt, greedy).sequences().get(0).tokenIds());
            int[] sequence = java.util.stream.IntStream.concat(java.util.Arrays.stream(prompt),
                    want.stream().mapToInt(Integer::intValue)).toArray();
            float[] a;
            float[] b;
            try (NDManager s1 = full.newScope(); NDManager s2 = half.newScope()) {
                a = full.forward(s1, ForwardBatch.uncached(List.of(sequence)), null).toFloatArray();
                b = half.forward(s2, ForwardBatch.uncached(List.of(sequence)), null).toFloatArray();
            }
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
            assertTrue(worst <= 0.05, "largest logit difference " + worst + " over " + a.length + " logits");
        }
    }

    @Test
    void theProductIsPickedByTheRowsOfTheBatch() {
        try (Qwen2Model model = mixed(4)) {
            NDArray w = model.weights().layers.get(0).gateUpWeight();
            WeightProducts p = model.products();
            assertTrue(p.half(w, 1));
            assertTrue(p.half(w, 4));
            assertFalse(p.half(w, 5));
            long matrices = model.weights().productMatrices().stream().mapToLong(NDArray::size).sum();
            assertEquals(4 * matrices, p.copyBytes());
            // one row streams the float16 matrices, five rows their float32 copies
            assertEquals(2 * matrices, p.bytesPerStep(model.weights(), 1));
            assertEquals(4 * matrices, p.bytesPerStep(model.weights(), 5));
        }
    }

    @Test
    void autoLoadsFloat16WeightsOnlyWhenFloat32DoesNotFit() {
        TensorRuntime auto = TensorRuntime.of("cpu", "auto");
        assertEquals(DataType.FLOAT32, auto.dtype());
        assertSame(auto, auto.fitting(8_000_000_000L, 20_000_000_000L));
        TensorRuntime fitted = auto.fitting(30_000_000_000L, 20_000_000_000L);
        assertEquals(DataType.FLOAT16, fitted.dtype());
        assertEquals(DataType.FLOAT32, fitted.activations());
        // an explicit float32 is kept, and refused by MemoryFit if it does not fit
        TensorRuntime f32 = TensorRuntime.of("cpu", "float32");
        assertSame(f32, f32.fitting(30_000_000_000L, 20_000_000_000L));
        TensorRuntime f16 = TensorRuntime.of("cpu", "float16");
        assertEquals(DataType.FLOAT16, f16.dtype());
        assertEquals(DataType.FLOAT32, f16.activations());
    }
}
