package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data generate} then {@code train sft --config} as a user runs them: every file the recipe promises. */
class TrainSftCommandTest {

    @TempDir
    Path tmp;

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Cli.run(out, err, args);
    }

    @Test
    void trainsFromAYamlRecipeAndWritesCheckpointsCurvesAndEvaluations() throws Exception {
        Path data = tmp.resolve("data");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "data", "generate", "--seed", "2", "--out", data.toString(), "--train", "48",
                "--val", "16", "--test", "16", "--grpo", "16"), err.toString());
        Path config = tmp.resolve("sft-tiny.yaml");
        Path runDir = tmp.resolve("run");
        Files.writeString(config, String.join("\n",
                "model: {checkpoint: null, vocab_size: 101, hidden_size: 32, intermediate_size: 64, num_layers: 1,",
                "        num_heads: 2, num_kv_heads: 1, max_position_embeddings: 1024, init_std: 0.02, init_seed: 0}",
                "tokenizer: " + data.resolve("tokenizer"),
                "data: {train: " + data.resolve("train.jsonl") + ", val: " + data.resolve("val.jsonl")
                        + ", system_prompt: 'Please reason step by step.', limit: 32}",
                "training: {epochs: 2, batch_size: 8, gradient_accumulation: 2, learning_rate: 3.0e-3, warmup_ratio: 0.1,",
                "           min_lr_ratio: 0.1, weight_decay: 0.01, max_grad_norm: 1.0, max_length: 1024, seed: 0,",
                "           save_steps: 1, keep_checkpoints: 2}",
                "eval: {samples: 2, max_tokens: 24, problems: 4}",
                "output_dir: " + runDir,
                "device: cpu", ""));
        assertEquals(0, run(out, err, "train", "sft", "--config", config.toString()), err.toString());
        assertTrue(out.toString().contains("32 examples, 4 steps (2 per epoch)"), out.toString());
        assertTrue(out.toString().contains("epoch 2: pass@1"), out.toString());
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                "generation_config.json", "metrics.jsonl", "training_curves.png", "eval.jsonl", "eval_curve.png",
                "checkpoint-4/trainer_state.json", "checkpoint-4/optimizer.safetensors", "checkpoint-3/config.json")) {
            assertTrue(Files.exists(runDir.resolve(f)), f);
        }
        assertTrue(!Files.exists(runDir.resolve("checkpoint-2")), "only the newest two checkpoints are kept");
        assertEquals(4, Files.readAllLines(runDir.resolve("metrics.jsonl")).size());
        assertEquals(2, Files.readAllLines(runDir.resolve("eval.jsonl")).size());
        JsonNode gen = new ObjectMapper().readTree(runDir.resolve("generation_config.json").toFile());
        assertEquals("</think>", gen.get("stop_strings").get(0).asText());
        assertEquals(0.05, gen.get("min_p").asDouble());

        StringWriter again = new StringWriter();
        assertEquals(0, run(again, err, "train", "sft", "--config", config.toString()), err.toString());
        assertEquals(4, Files.readAllLines(runDir.resolve("metrics.jsonl")).size(), "a finished run is not trained again");
    }

    @Test
    void aBadRecipeIsOneClearLine() throws Exception {
        Path config = tmp.resolve("bad.yaml");
        Files.writeString(config, "model: {vocab_size: 101}\ntokenizer: x\ndata: {train: y}\noutput_dir: z\n"
                + "training: {epochs: 1, batch_size: 2, gradient_accumulation: 1, learning_rate: 1.0e-3, warmup_ration: 0.1,"
                + " min_lr_ratio: 0, weight_decay: 0, max_grad_norm: 1, max_length: 64, seed: 0, save_steps: 1, keep_checkpoints: 1}\n");
        StringWriter err = new StringWriter();
        assertEquals(1, run(new StringWriter(), err, "train", "sft", "--config", config.toString()));
        assertTrue(err.toString().startsWith("error: ") && err.toString().contains("warmup_ration"), err.toString());
        Files.writeString(config, "model: {vocab_size: 101}\ntokenizer: x\ndata: {train: y}\noutput_dir: z\n"
                + "training: {epochs: 0, batch_size: 2}\n");
        StringWriter zero = new StringWriter();
        assertEquals(1, run(new StringWriter(), zero, "train", "sft", "--config", config.toString()));
        assertTrue(zero.toString().contains("must be >= 1"), zero.toString());
        StringWriter missing = new StringWriter();
        assertEquals(1, run(new StringWriter(), missing, "train", "sft", "--config", tmp.resolve("none.yaml").toString()));
        assertTrue(missing.toString().contains("no such file"), missing.toString());
    }
}
