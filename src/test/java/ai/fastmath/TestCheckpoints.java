package ai.fastmath;

import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.RandomInit;
import ai.fastmath.model.safetensors.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checkpoints tests write for themselves: random-init Qwen2 models with the real Qwen3 tokenizer. */
public final class TestCheckpoints {

    private TestCheckpoints() {}

    /**
     * A tiny random-init Qwen2 (hidden 16, one layer, 512 positions) with the Qwen3 tokenizer's
     * vocabulary and chat template, written with our own writer into {@code dir}.
     */
    public static Path tinyQwen(Path dir, long seed) throws Exception {
        if (Files.exists(dir.resolve("config.json"))) {
            return dir;
        }
        ModelConfig c = ModelConfig.builder().vocabSize(151669).hiddenSize(16).intermediateSize(32).numLayers(1).numHeads(2)
                .numKvHeads(1).maxPositionEmbeddings(512).bosTokenId(151643).eosTokenIds(List.of(151645)).build();
        c.write(dir);
        SafetensorsWriter.writeCheckpoint(dir, RandomInit.tensors(c, seed, 0.5), 8L << 20);
        Path tok = Path.of(TestCheckpoints.class.getResource("/tokenizers/qwen3/tokenizer.json").toURI()).getParent();
        Files.copy(tok.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.copy(tok.resolve("tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
        return dir;
    }
}
