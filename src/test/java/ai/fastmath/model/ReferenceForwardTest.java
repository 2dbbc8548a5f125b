package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.safetensors.NamedTensor;
import ai.fastmath.model.safetensors.SafetensorsWriter;
import ai.fastmath.model.safetensors.TensorStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runtime is general, not fitted to the golden files: for other head layouts (multi-query, plain
 * multi-head, group of 3, explicit head_dim), rope_theta, dtypes and shard counts, a checkpoint
 * written to disk and loaded back gives the logits of the naive reference implementation.
 */
class ReferenceForwardTest {

    @TempDir
    Path tmp;

    @Test
    void naiveReferenceMatchesTheGoldenLogits() throws Exception {
        Path dir = Golden.dir(Golden.BF16_SHARDED);
        try (TensorStore store = TensorStore.open(dir)) {
            NaiveQwen2 naive = new NaiveQwen2(ModelConfig.load(dir), new CheckpointTensors(store));
            Golden.Case c = Golden.cases(Golden.BF16_SHARDED).get(1);
            float[][] got = naive.forward(c.inputIds());
            for (int p = 0; p < got.length; p++) {
                for (int v = 0; v < got[p].length; v++) {
                    assertEquals(c.logits()[p][v], got[p][v], 1e-3);
                }
            }
        }
    }

    static Stream<Arguments> layouts() {
        return Stream.of(
                // heads, kvHeads, headDim, hidden, theta, tied, dtype, max shard bytes
                Arguments.of(4, 1, 16, 64, 10000.0, false, DType.F32, Long.MAX_VALUE), // multi-query
                Arguments.of(4, 4, 16, 64, 500000.0, true, DType.F16, 40_000L), // multi-head, F16, shards
                Arguments.of(6, 2, 8, 48, 1e6, false, DType.BF16, 20_000L), // groups of 3, BF16, many shards
                Arguments.of(2, 1, 48, 64, 10000.0, true, DType.F32, Long.MAX_VALUE)); // head_dim != hidden/heads
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void loadedCheckpointMatchesNaiveReference(int heads, int kvHeads, int headDim, int hidden, double theta,
            boolean tied, DType dtype, long shardBytes) throws Exception {
        ModelConfig c = ModelConfig.builder().vocabSize(97).hiddenSize(hidden).intermediateSize(80).numLayers(2).numHeads(heads)
                .numKvHeads(kvHeads).headDim(headDim).maxPositionEmbeddings(128).ropeTheta(theta).rmsNormEps(1e-5)
                .tieWordEmbeddings(tied).build();
        // weights stored in the target dtype, then read back: the reference sees exactly what was stored
        List<NamedTensor> stored = RandomInit.tensors(c, 42, 0.2).stream()
                .map(t -> NamedTensor.ofFloats(t.name(), dtype, t.shape(), floats(t)))
                .toList();
        Path dir = tmp.resolve(heads + "-" + kvHeads + "-" + dtype);
        c.write(dir);
        SafetensorsWriter.writeCheckpoint(dir, stored, shardBytes);
        assertEquals(c, ModelConfig.load(dir));
        int[] tokens = new Random(heads * 31 + kvHeads).ints(11, 0, 97).toArray();
        float[][] expected;
        try (TensorStore store = TensorStore.open(dir)) {
            expected = new NaiveQwen2(c, new CheckpointTensors(store)).forward(tokens);
        }
        try (Qwen2Model model = Qwen2Model.load(dir, TensorRuntime.cpu()); NDManager scope = model.newScope()) {
            float[] got = model.forward(scope, ForwardBatch.uncached(List.of(tokens)), null).toFloatArray();
            for (int p = 0; p < tokens.length; p++) {
                for (int v = 0; v < 97; v++) {
                    assertEquals(expected[p][v], got[p * 97 + v], 1e-3, "position " + p + " token " + v);
                }
            }
        }
    }

    private static float[] floats(NamedTensor t) {
        float[] out = new float[t.data().remaining() / 4];
        t.data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
