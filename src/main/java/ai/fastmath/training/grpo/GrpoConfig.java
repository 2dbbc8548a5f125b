package ai.fastmath.training.grpo;

import ai.fastmath.io.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stage-2 recipe as written in {@code training/grpo-*.yaml}. Paths are relative to the directory the
 * command runs in (the repository root for the committed recipes).
 *
 * @param model the policy's starting checkpoint (the stage-1 model)
 * @param reference the frozen KL reference (null: the starting checkpoint)
 * @param tokenizer the tokenizer directory (null: the starting checkpoint's)
 * @param data the prompts with answers and the system prompt
 * @param maxNewTokens the {@code generation_config.json} budget written with the checkpoints
 */
public record GrpoConfig(Model model, Path reference, Path tokenizer, Data data, RolloutSettings rollout,
        RewardSettings rewards, LossSettings loss, GrpoSettings training, Path outputDir, String device, int maxNewTokens) {

    /** @param checkpoint the starting checkpoint directory */
    public record Model(Path checkpoint) {}

    /**
     * @param train JSONL or CSV with {@code id}, {@code problem}, {@code answer} (e.g. {@code grpo.jsonl})
     * @param limit use the first N prompts (0: all)
     */
    public record Data(Path train, String systemPrompt, int limit) {}

    public GrpoConfig {
        if (model == null || model.checkpoint() == null || data == null || data.train() == null || rollout == null
                || training == null || outputDir == null) {
            throw new IllegalArgumentException("config: model.checkpoint, data.train, rollout, training and output_dir are required");
        }
        if (reference == null) {
            reference = model.checkpoint();
        }
        if (tokenizer == null) {
            tokenizer = model.checkpoint();
        }
        if (rewards == null) {
            rewards = RewardSettings.paper(rollout.maxCompletionLength() * 2);
        }
        if (loss == null) {
            loss = LossSettings.defaults();
        }
        if (device == null) {
            device = "auto";
        }
        if (maxNewTokens < 1) {
            maxNewTokens = rollout.maxCompletionLength();
        }
    }

    /** This recipe with the command line's overrides (null: keep the recipe's value). */
    public GrpoConfig override(Integer steps, Path output) {
        GrpoSettings t = steps == null ? training : training.withSteps(steps);
        return new GrpoConfig(model, reference, tokenizer, data, rollout, rewards, loss, t, output == null ? outputDir : output,
                device, maxNewTokens);
    }

    /** Reads a YAML recipe; a missing key or a typo is a clear error naming it. */
    public static GrpoConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config: no such file " + file);
        }
        try {
            return Yaml.RECIPES.readValue(file.toFile(), GrpoConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
