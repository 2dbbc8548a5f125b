package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.safetensors.NamedTensor;
import ai.fastmath.model.safetensors.TensorStore;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published geometries, and the random-init BF16 checkpoints written from them. */
class GeometryTest {

    @TempDir
    Path tmp;

    /**
     * Parameter counts against the model cards (0.49B, 1.78B, 7.62B, 14.8B), worked out by hand: embeddings
     * (and an untied head), per layer q with bias, k and v with bias, o, three MLP matrices and two norms,
     * and the final norm.
     */
    @Test
    void theGeometriesHaveThePublishedSizes() {
        assertEquals(151_936L * 896 + 24L * (896 * 896 + 896 + 2 * (896 * 128 + 128) + 896 * 896 + 3L * 896 * 4864 + 2 * 896) + 896,
                Geometry.QWEN2_5_0_5B.config().parameterCount());
        assertEquals(494_032_768L, Geometry.QWEN2_5_0_5B.config().parameterCount());
        assertEquals(1_777_088_000L, Geometry.R1_DISTILL_1_5B.config().parameterCount());
        assertEquals(7_615_616_512L, Geometry.QWEN2_7B.config().parameterCount());
        assertEquals(14_770_033_664L, Geometry.R1_DISTILL_14B.config().parameterCount());
        ModelConfig c = Geometry.R1_DISTILL_1_5B.config();
        assertEquals(List.of(1536, 28, 12, 2, 8960, 151_936, 128), List.of(c.hiddenSize(), c.numLayers(), c.numHeads(), c.numKvHeads(),
                c.intermediateSize(), c.vocabSize(), c.headDim()));
        assertEquals(10_000.0, c.ropeTheta());
        assertEquals(1e-5, Geometry.R1_DISTILL_14B.config().rmsNormEps());
        assertTrue(Geometry.QWEN2_5_0_5B.config().tieWordEmbeddings());
        assertEquals(Geometry.QWEN2_7B, Geometry.of("Qwen2-7B"));
        assertThrows(IllegalArgumentException.class, () -> Geometry.of("llama-70b"));
    }

    /** Written shard by shard with one generator, the checkpoint holds what one whole draw gives, in BF16. */
    @Test
    void aCheckpointIsWrittenInBf16ShardsAndLoads() throws Exception {
        ModelConfig small = ModelConfig.builder().vocabSize(97).hiddenSize(32).intermediateSize(64).numLayers(3).numHeads(4)
                .numKvHeads(2).headDim(8).tieWordEmbeddings(false).build();
        Path dir = tmp.resolve("small");
        Files.createDirectories(dir);
        List<String> shards = new ArrayList<>();
        Geometry.write(dir, small, 0, 10_000, shards::add);
        assertTrue(shards.size() > 2, "several shards: " + shards);
        List<NamedTensor> whole = RandomInit.tensors(small, 0, 0.02);
        try (TensorStore store = TensorStore.open(dir)) {
            assertEquals(whole.size(), store.names().size());
            for (NamedTensor t : whole) {
                assertEquals(DType.BF16, store.info(t.name()).dtype(), t.name());
                float[] f32 = new float[(int) (t.byteLength() / 4)];
                t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f32);
                float[] expected = new float[f32.length];
                for (int i = 0; i < f32.length; i++) {
                    expected[i] = Float.intBitsToFloat((DType.f32ToBf16(f32[i]) & 0xffff) << 16);
                }
                assertArrayEquals(expected, store.readFloats(t.name()), t.name());
            }
        }
        try (Qwen2Model m = Qwen2Model.load(dir, TensorRuntime.cpu())) {
            assertEquals(small.parameterCount(), m.config().parameterCount());
        }
    }

    @Test
    void aCompleteCheckpointIsNotWrittenAgain() throws Exception {
        Path root = tmp.resolve("cache");
        Path marker = root.resolve("qwen2.5-0.5b").resolve(".complete");
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "qwen2.5-0.5b\n");
        List<String> written = new ArrayList<>();
        assertEquals(marker.getParent(), Geometry.QWEN2_5_0_5B.ensure(root, written::add));
        assertEquals(List.of(), written, "the marker says it is there: nothing is drawn or written");
    }
}
