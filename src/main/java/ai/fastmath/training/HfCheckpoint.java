package ai.fastmath.training;

import ai.fastmath.model.CheckpointManifest;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.safetensors.SafetensorsWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a model as a Hugging Face checkpoint directory that {@code serve}, {@code eval} and
 * transformers all load: {@code config.json}, safetensors (sharded past 2 GiB), the tokenizer files,
 * {@code generation_config.json} with the stop strings and sampling defaults it was trained for, and
 * {@code checksums.json} (sizes and SHA-256 of all of them, which {@code serve} verifies before loading).
 */
public final class HfCheckpoint {

    /**
     * The sampling the recipe trains for (the paper's: temperature 1.0, top_p 0.9, min_p 0.05) and where
     * the model's samples end ({@code stop_strings}, read back by {@link ai.fastmath.model.GenerationConfig}).
     */
    public record GenerationDefaults(double temperature, double topP, double minP, int maxNewTokens, List<String> stopStrings) {

        /** A stage-1 (SFT) model boxes its answer after {@code </think>}: it is served to the end of its turn. */
        public static GenerationDefaults stageOne(int maxNewTokens) {
            return new GenerationDefaults(1.0, 0.9, 0.05, maxNewTokens, List.of());
        }

        /** A stage-2 (GRPO) model learns to box before {@code </think>}: it is cut there. */
        public static GenerationDefaults stageTwo(int maxNewTokens) {
            return new GenerationDefaults(1.0, 0.9, 0.05, maxNewTokens, List.of("</think>"));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "vocab.json", "merges.txt");

    private HfCheckpoint() {}

    /**
     * Writes {@code model} into {@code dir} (created; files replaced) in float32.
     *
     * @param tokenizerDir where the tokenizer files come from
     */
    public static void write(Path dir, Qwen2Model model, Path tokenizerDir, GenerationDefaults generation) {
        try {
            Files.createDirectories(dir);
            model.config().write(dir);
            SafetensorsWriter.writeCheckpoint(dir, model.weights().toNamedTensors(DType.F32), 2L << 30);
            for (String f : TOKENIZER_FILES) {
                Path src = tokenizerDir.resolve(f);
                if (Files.exists(src) && !src.toAbsolutePath().equals(dir.resolve(f).toAbsolutePath())) {
                    Files.copy(src, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Map<String, Object> gen = new LinkedHashMap<>();
            gen.put("eos_token_id", model.config().eosTokenIds());
            gen.put("do_sample", true);
            gen.put("temperature", generation.temperature());
            gen.put("top_p", generation.topP());
            gen.put("min_p", generation.minP());
            gen.put("max_new_tokens", generation.maxNewTokens());
            gen.put("stop_strings", generation.stopStrings());
            JSON.writeValue(dir.resolve("generation_config.json").toFile(), gen);
            CheckpointManifest.write(dir); // last: it records the files above
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }
}
