package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model that cannot fit is refused from its config, before its weights are read, with what would fit. */
class MemoryFitTest {

    @TempDir
    Path dir;

    /** DeepSeek-R1-Distill-Qwen-1.5B's published geometry. */
    private static ModelConfig r1Distill15b() {
        return ModelConfig.builder().vocabSize(151_936).hiddenSize(1536).intermediateSize(8960).numLayers(28).numHeads(12)
                .numKvHeads(2).headDim(128).tieWordEmbeddings(false).build();
    }

    @Test
    void weightBytesAreTheParametersTimesTheDtypeSize() {
        // by hand: embeddings and the untied head 2 x 151,936 x 1,536; per layer q 1536x1536+1536, k and v
        // 1536x256+256 each, o 1536x1536, MLP 3 x 1536 x 8960, two norms 1536: 46,797,824; 28 layers; final norm
        long params = 2L * 151_936 * 1536 + 28L * 46_797_824 + 1536;
        assertEquals(1_777_088_000L, params);
        assertEquals(params, r1Distill15b().parameterCount());
        assertEquals(4 * params, MemoryFit.weightBytes(r1Distill15b(), DataType.FLOAT32));
        assertEquals(2 * params, MemoryFit.weightBytes(r1Distill15b(), DataType.FLOAT16));
    }

    @Test
    void aModelThatDoesNotFitIsRefusedWithTheDtypeThatWould() {
        ModelConfig c = r1Distill15b();
        assertDoesNotThrow(() -> MemoryFit.check(dir, c, DataType.FLOAT32, 9_000_000_000L)); // 7.1 GB + 1.07 GB headroom
        CheckpointException f16 = assertThrows(CheckpointException.class,
                () -> MemoryFit.check(dir, c, DataType.FLOAT32, 6_000_000_000L));
        assertTrue(f16.getMessage().contains("need 8.2 GB in float32") && f16.getMessage().contains("6.0 GB is available")
                && f16.getMessage().contains("--dtype float16 would fit (4.6 GB)"), f16.getMessage());
        CheckpointException none = assertThrows(CheckpointException.class,
                () -> MemoryFit.check(dir, c, DataType.FLOAT32, 4_000_000_000L));
        assertTrue(none.getMessage().contains("no dtype fits (float16 needs 4.6 GB)"), none.getMessage());
        CheckpointException half = assertThrows(CheckpointException.class,
                () -> MemoryFit.check(dir, c, DataType.FLOAT16, 4_000_000_000L));
        assertTrue(half.getMessage().contains("need 4.6 GB in float16") && half.getMessage().contains("no dtype fits"),
                half.getMessage());
    }

    /** Loading refuses before reading the weights: the directory has none, and the error is the memory one. */
    @Test
    void loadingRefusesFromTheConfigAlone() throws Exception {
        ModelConfig huge = ModelConfig.builder().vocabSize(151_936).hiddenSize(65_536).intermediateSize(262_144).numLayers(200)
                .numHeads(512).numKvHeads(64).headDim(128).tieWordEmbeddings(false).build(); // ~14T parameters
        huge.write(dir);
        assertTrue(Files.list(dir).noneMatch(f -> f.toString().endsWith(".safetensors")));
        assertTrue(MemoryFit.available().isPresent(), "Linux tells what is available");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Qwen2Model.load(dir, TensorRuntime.cpu()));
        assertTrue(e.getMessage().contains("does not fit in memory") && e.getMessage().contains("no dtype fits"), e.getMessage());
    }
}
