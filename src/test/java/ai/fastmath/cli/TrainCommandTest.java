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

/** {@code data generate}, {@code train sft} and {@code train grpo} as a user runs them: every file the recipes promise. */
class TrainCommandTest {

    @TempDir
    Path tmp;

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Cli.run(out, err, args);
    }

    /** {@code data generate} into {@code tmp/data}: {@code train} training examples, {@code small} in each other split. */
    private Path generate(int seed, int train, int small) {
        Path data = tmp.resolve("data");
        StringWriter err = new StringWriter();
        String n = String.valueOf(small);
        assertEquals(0, run(new StringWriter(), err, "data", "generate", "--seed", String.valueOf(seed), "--out", data.toString(),
                "--train", String.valueOf(train), "--val", n, "--test", n, "--grpo", n), err.toString());
        return data;
    }

    @Test
    void trainsFromAYamlRecipeAndWritesCheckpointsCurvesAndEvaluations() throws Exception {
        Path data = generate(2, 48, 16);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
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
        assertEquals(0, gen.get("stop_strings").size(), "a stage-1 model boxes after </think>: served to the end of its turn");
        assertEquals(0.05, gen.get("min_p").asDouble());

        StringWriter again = new StringWriter();
        assertEquals(0, run(again, err, "train", "sft", "--config", config.toString()), err.toString());
        assertEquals(4, Files.readAllLines(runDir.resolve("metrics.jsonl")).size(), "a finished run is not trained again");
    }

    /** A one-layer random-init SFT recipe on generated data, without evaluation. */
    private static String tinySftRecipe(Path data, String moreData, int epochs, int batch, String moreTraining, Path output) {
        return String.join("\n",
                "model: {checkpoint: null, vocab_size: 101, hidden_size: 32, intermediate_size: 64, num_layers: 1,",
                "        num_heads: 2, num_kv_heads: 1, max_position_embeddings: 1024, init_std: 0.02, init_seed: 0}",
                "tokenizer: " + data.resolve("tokenizer"),
                "data: {train: " + data.resolve("train.jsonl") + ", system_prompt: 'Reason.'" + moreData + "}",
                "training: {epochs: " + epochs + ", batch_size: " + batch + ", gradient_accumulation: 1, learning_rate: 3.0e-3,",
                "           warmup_ratio: 0.1, min_lr_ratio: 0.1, weight_decay: 0.01, max_grad_norm: 1.0, max_length: 1024,",
                "           seed: 0, save_steps: 100, keep_checkpoints: 1" + moreTraining + "}",
                "output_dir: " + output,
                "device: cpu", "");
    }

    @Test
    void selectsLevelsAfterASkipAndTakesEpochsAndOutputFromTheCommandLine() throws Exception {
        Path data = generate(3, 60, 8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(data.resolve("train.jsonl"));
        long hard = lines.stream().skip(20).filter(l -> {
            try {
                return json.readTree(l).get("level").asInt() >= 2;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).count();
        Path config = tmp.resolve("sft-stage1.yaml");
        Files.writeString(config, tinySftRecipe(data, ", skip: 20, levels: [2, 3]", 5, 4, ", group_by_length: true",
                tmp.resolve("recipe-dir")));
        Path runDir = tmp.resolve("one-epoch");
        assertEquals(0, run(out, err, "train", "sft", "--config", config.toString(), "--epochs", "1",
                "--output-dir", runDir.toString()), err.toString());
        long steps = (hard + 3) / 4;
        assertTrue(out.toString().contains(hard + " examples, " + steps + " steps (" + steps + " per epoch)"), out + " / " + hard);
        assertEquals(steps, Files.readAllLines(runDir.resolve("metrics.jsonl")).size());
        assertTrue(Files.exists(runDir.resolve("model.safetensors")));
        assertTrue(!Files.exists(tmp.resolve("recipe-dir")), "--output-dir replaces the recipe's");
    }

    @Test
    void grpoTrainsFromAYamlRecipeStartingFromTheSftModel() throws Exception {
        Path data = generate(4, 16, 8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path sftConfig = tmp.resolve("sft.yaml");
        Files.writeString(sftConfig, tinySftRecipe(data, "", 1, 8, "", tmp.resolve("sft")));
        assertEquals(0, run(out, err, "train", "sft", "--config", sftConfig.toString()), err.toString());
        Path grpoConfig = tmp.resolve("grpo.yaml");
        Path runDir = tmp.resolve("grpo");
        Files.writeString(grpoConfig, String.join("\n",
                "model: {checkpoint: " + tmp.resolve("sft") + "}",
                "data: {train: " + data.resolve("grpo.jsonl") + ", system_prompt: 'Reason.'}",
                "rollout: {num_generations: 4, temperature: 1.0, top_p: 0.9, min_p: 0.05, max_prompt_length: 128,",
                "          max_completion_length: 24, max_num_seqs: 16}",
                "rewards: {format_weight: 1.0, cosine_weight: 1.0, length_weight: 1.0, length_scope: group, length_unit: chars,",
                "          cosine: {min_value_wrong: -1.0, max_value_wrong: -0.1, min_value_correct: 0.1,",
                "                   max_value_correct: 1.0, max_len: 100}}",
                "loss: {beta: 0.04, epsilon: 0.2, epsilon_high: 0.2, loss_type: dr_grpo, num_iterations: 1,",
                "       scale_rewards: false, mask_truncated_completions: false, filter_groups: none,",
                "       filter_mode: zero_advantage}",
                "training: {steps: 5, prompts_per_step: 2, micro_batch: 8, learning_rate: 1.0e-3, warmup_ratio: 0.0,",
                "           min_lr_ratio: 0.1, weight_decay: 0.0, max_grad_norm: 1.0, seed: 0, save_steps: 2, keep_checkpoints: 1}",
                "output_dir: " + tmp.resolve("recipe-dir"),
                "device: cpu", ""));
        StringWriter grpoOut = new StringWriter();
        assertEquals(0, run(grpoOut, err, "train", "grpo", "--config", grpoConfig.toString(), "--steps", "3",
                "--output-dir", runDir.toString()), err.toString());
        assertTrue(grpoOut.toString().contains("grpo: 8 prompts, 3 steps of 2 prompts x 4 generations"), grpoOut.toString());
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "generation_config.json",
                "metrics.jsonl", "training_curves.png", "checkpoint-3/trainer_state.json", "checkpoint-3/optimizer.safetensors")) {
            assertTrue(Files.exists(runDir.resolve(f)), f);
        }
        assertTrue(!Files.exists(runDir.resolve("checkpoint-2")), "keep_checkpoints: 1");
        assertEquals(3, Files.readAllLines(runDir.resolve("metrics.jsonl")).size());
        assertEquals("[\"</think>\"]", new ObjectMapper().readTree(runDir.resolve("generation_config.json").toFile())
                .get("stop_strings").toString(), "a stage-2 model is cut at </think>");
        JsonNode step = new ObjectMapper().readTree(Files.readAllLines(runDir.resolve("metrics.jsonl")).get(0));
        for (String key : List.of("reward", "format_reward", "cosine_reward", "length_reward", "accuracy", "completion_tokens",
                "groups_kept", "kl", "clip_fraction", "rollout_s", "update_s")) {
            assertTrue(step.has(key), key + " in " + step);
        }
        Files.writeString(grpoConfig, Files.readString(grpoConfig).replace("loss_type: dr_grpo", "loss_type: ppo"));
        StringWriter bad = new StringWriter();
        assertEquals(1, run(new StringWriter(), bad, "train", "grpo", "--config", grpoConfig.toString()));
        assertTrue(bad.toString().startsWith("error: ") && bad.toString().contains("ppo"), bad.toString());
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
