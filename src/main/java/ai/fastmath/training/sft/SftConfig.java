package ai.fastmath.training.sft;

import ai.fastmath.io.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A stage-1 recipe as written in {@code training/sft-*.yaml}. Paths are relative to the directory the
 * command runs in (the repository root for the committed recipes).
 *
 * @param model where training starts: a checkpoint directory, or the sizes of a random-init model
 * @param tokenizer the tokenizer directory (for a checkpoint start: that checkpoint)
 * @param data the OpenR1-style JSONL splits and the system prompt
 * @param training the optimizer and schedule
 * @param eval the end-of-epoch evaluation on the validation split
 * @param outputDir checkpoints, metrics and plots
 * @param device cpu, cuda or auto
 */
public record SftConfig(Model model, Path tokenizer, Data data, SftSettings training, Eval eval, Path outputDir,
        String device) {

    /**
     * @param checkpoint start from this checkpoint; null: random initialisation of the sizes below
     * @param initStd the random initialisation's standard deviation
     */
    public record Model(Path checkpoint, int vocabSize, int hiddenSize, int intermediateSize, int numLayers,
            int numHeads, int numKvHeads, int maxPositionEmbeddings, double initStd, long initSeed) {}

    /**
     * @param skip leave out the first N training examples (e.g. those an earlier stage trained on)
     * @param levels train only on examples of these difficulty levels (the {@code level} field; absent: all)
     * @param limit use at most N training examples (0: all)
     */
    public record Data(Path train, Path val, String systemPrompt, int skip, List<Integer> levels, int limit) {

        /** The training lines this recipe selects. */
        public SftData.Selection selection() {
            return new SftData.Selection(skip, limit, levels == null ? null : java.util.Set.copyOf(levels));
        }
    }

    /**
     * @param samples k: pass@1 is averaged over k samples per problem
     * @param maxTokens each sample's budget
     * @param problems validation problems used (0: all)
     */
    public record Eval(int samples, int maxTokens, int problems) {}

    public SftConfig {
        if (model == null || tokenizer == null || data == null || data.train() == null || training == null
                || outputDir == null) {
            throw new IllegalArgumentException("config: model, tokenizer, data.train, training and output_dir are required");
        }
        if (device == null) {
            device = "auto";
        }
    }

    /** This recipe with the command line's overrides (null: keep the recipe's value). */
    public SftConfig override(Integer epochs, Path output) {
        return new SftConfig(model, tokenizer, data, epochs == null ? training : training.withEpochs(epochs), eval,
                output == null ? outputDir : output, device);
    }

    /** Reads a YAML recipe; a missing key or a typo is a clear error naming it. */
    public static SftConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config: no such file " + file);
        }
        try {
            return Yaml.RECIPES.readValue(file.toFile(), SftConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
