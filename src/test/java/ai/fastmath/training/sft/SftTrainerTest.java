package ai.fastmath.training.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.MemoryTensors;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.RandomInit;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.model.tokenizer.TextTokenizer;
import ai.fastmath.training.HfCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFT loop on a tiny Qwen2 with the real Qwen3 tokenizer: loss falls, memorises, resumes exactly. */
class SftTrainerTest {

    private static final TensorRuntime CPU = TensorRuntime.of("cpu", "float32");
    private static TextTokenizer tokenizer;
    private static Path tokenizerDir;
    private static int endOfTurn;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws Exception {
        tokenizerDir = Path.of(SftTrainerTest.class.getResource("/tokenizers/qwen3/tokenizer.json").toURI()).getParent();
        tokenizer = TextTokenizer.load(tokenizerDir);
        endOfTurn = tokenizer.tokenId("<|im_end|>").orElseThrow();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    static ModelConfig tinyConfig() {
        return new ModelConfig(151669, 32, 64, 2, 4, 2, 8, 256, 10000.0, 1e-6, true, 151643, List.of(151645), "float32");
    }

    static Qwen2Model init(long seed) {
        ModelConfig c = tinyConfig();
        return Qwen2Model.buildTrainable(c, new MemoryTensors(RandomInit.tensors(c, seed, 0.02)), CPU);
    }

    static List<SftExample> examples() {
        List<SftExample> out = new ArrayList<>();
        String[][] pairs = {{"What is 2+3?", "<think>\n2+3=5\n</think>\nThe answer is \\boxed{5}."},
            {"What is 4*4?", "<think>\n4*4=16\n</think>\nThe answer is \\boxed{16}."},
            {"What is 9-7?", "<think>\n9-7=2\n</think>\nThe answer is \\boxed{2}."}};
        for (String[] p : pairs) {
            out.add(SftExample.render(tokenizer, "Reason step by step.", p[0], p[1], endOfTurn));
        }
        return out;
    }

    static SftSettings settings(int epochs) {
        return new SftSettings(epochs, 3, 1, 1e-2, 0.1, 0.0, 0.01, 1.0, 128, 7, 1000, 2);
    }

    @Test
    void theLossFallsOnAFewExamples() {
        List<StepMetrics> steps = new ArrayList<>();
        SftTrainer trainer = new SftTrainer(settings(30), examples(), tmp.resolve("run"), tokenizerDir,
                HfCheckpoint.GenerationDefaults.recipe(64));
        try (Qwen2Model m = trainer.train(() -> init(1), CPU, steps::add)) {
            assertEquals(30, steps.size());
            assertTrue(steps.get(29).loss() < steps.get(0).loss() * 0.3, steps.get(0).loss() + " -> " + steps.get(29).loss());
        }
        assertTrue(Files.exists(tmp.resolve("run/config.json")));
        assertTrue(Files.exists(tmp.resolve("run/generation_config.json")));
        assertTrue(Files.exists(tmp.resolve("run/training_curves.png")));
    }
}
