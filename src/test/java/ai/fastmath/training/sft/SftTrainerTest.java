package ai.fastmath.training.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.engine.SamplingParams;
import ai.fastmath.model.ForwardBatch;
import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.MemoryTensors;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.RandomInit;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.model.tokenizer.TextTokenizer;
import ai.fastmath.training.HfCheckpoint;
import ai.fastmath.training.data.CurriculumTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.fastmath.model.Qwen2Weights;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFT loop on a tiny Qwen2 with the curriculum's tokenizer: loss falls, memorises, resumes exactly. */
class SftTrainerTest {

    private static final TensorRuntime CPU = TensorRuntime.of("cpu", "float32");
    private static TextTokenizer tokenizer;
    private static Path tokenizerDir;
    private static int endOfTurn;

    @TempDir
    Path tmp;

    @TempDir
    static Path shared;

    @BeforeAll
    static void load() throws Exception {
        tokenizerDir = shared.resolve("tokenizer");
        CurriculumTokenizer.write(tokenizerDir);
        tokenizer = TextTokenizer.load(tokenizerDir);
        endOfTurn = tokenizer.tokenId("<|im_end|>").orElseThrow();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    static ModelConfig tinyConfig(int hidden) {
        return ModelConfig.builder().vocabSize(CurriculumTokenizer.vocabSize()).hiddenSize(hidden).intermediateSize(2 * hidden)
                .numLayers(2).numHeads(4).numKvHeads(2).maxPositionEmbeddings(256).bosTokenId(endOfTurn)
                .eosTokenIds(List.of(endOfTurn)).build();
    }

    static Qwen2Model init(long seed) {
        return init(seed, 32);
    }

    static Qwen2Model init(long seed, int hidden) {
        ModelConfig c = tinyConfig(hidden);
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
        return SftSettings.builder().epochs(epochs).batchSize(3).learningRate(1e-2).warmupRatio(0.1).minLrRatio(0.0)
                .maxLength(256).seed(7).saveSteps(1000).keepCheckpoints(2).build();
    }

    @Test
    void theLossFallsOnAFewExamples() {
        List<StepMetrics> steps = new ArrayList<>();
        SftTrainer trainer = new SftTrainer(settings(30), examples(), tmp.resolve("run"), tokenizerDir,
                HfCheckpoint.GenerationDefaults.stageOne(64));
        try (Qwen2Model m = trainer.train(() -> init(1), CPU, steps::add)) {
            assertEquals(30, steps.size());
            assertTrue(steps.get(29).loss() < steps.get(0).loss() * 0.3, steps.get(0).loss() + " -> " + steps.get(29).loss());
        }
        assertTrue(Files.exists(tmp.resolve("run/config.json")));
        assertTrue(Files.exists(tmp.resolve("run/generation_config.json")));
        assertTrue(Files.exists(tmp.resolve("run/training_curves.png")));
        // recorded at save time, so serve can verify it
        assertEquals(5, ai.fastmath.model.CheckpointManifest.verify(tmp.resolve("run")).orElseThrow().files());
    }

    /** Greedy continuation of an example's prompt by a checkpoint, through the engine, up to eos. */
    private static List<Integer> greedy(Path checkpoint, SftExample e) throws Exception {
        int[] prompt = java.util.Arrays.copyOf(e.tokens(), e.promptLength());
        try (Engine engine = Engine.of(Qwen2Model.load(checkpoint, CPU), tokenizer::decode, EngineConfig.defaults())) {
            SamplingParams greedy = SamplingParams.builder().temperature(0).maxTokens(e.lossTokens() + 4)
                    .stopTokenIds(Set.of(endOfTurn)).build();
            return engine.submit(prompt, greedy).result().get(60, TimeUnit.SECONDS).sequences().get(0).tokenIds();
        }
    }

    @Test
    void aTinyModelMemorisesAHandfulOfExamples() throws Exception {
        Path out = tmp.resolve("memorise");
        SftSettings s = SftSettings.builder().epochs(100).batchSize(3).learningRate(1e-2).weightDecay(0.0).maxLength(256).seed(7)
                .saveSteps(1000).build();
        SftTrainer trainer = new SftTrainer(s, examples(), out, tokenizerDir, HfCheckpoint.GenerationDefaults.stageOne(64));
        trainer.train(() -> init(2, 64), CPU, m -> { }).close();
        for (SftExample e : examples()) {
            List<Integer> target = java.util.Arrays.stream(e.tokens()).skip(e.promptLength()).boxed().toList();
            assertEquals(tokenizer.decode(target), tokenizer.decode(greedy(out, e)),
                    "greedy output of the saved checkpoint is its target, end of turn included");
        }
    }

    @Test
    void saveThenLoadGivesIdenticalLogits() throws Exception {
        Path out = tmp.resolve("save");
        SftTrainer trainer = new SftTrainer(settings(2), examples(), out, tokenizerDir, HfCheckpoint.GenerationDefaults.stageOne(64));
        int[] tokens = examples().get(0).tokens();
        try (Qwen2Model trained = trainer.train(() -> init(3), CPU, m -> { });
                Qwen2Model loaded = Qwen2Model.load(out, CPU);
                NDManager a = trained.newScope();
                NDManager b = loaded.newScope()) {
            float[] x = trained.forward(a, ForwardBatch.uncached(List.of(tokens)), null).toFloatArray();
            float[] y = loaded.forward(b, ForwardBatch.uncached(List.of(tokens)), null).toFloatArray();
            assertArrayEquals(x, y);
        }
    }

    @Test
    void startsFromACheckpointDirectory() {
        Path base = tmp.resolve("base");
        List<StepMetrics> first = new ArrayList<>();
        new SftTrainer(settings(20), examples(), base, tokenizerDir, HfCheckpoint.GenerationDefaults.stageOne(64))
                .train(() -> init(5), CPU, first::add).close();
        List<StepMetrics> further = new ArrayList<>();
        new SftTrainer(settings(1), examples(), tmp.resolve("further"), tokenizerDir, HfCheckpoint.GenerationDefaults.stageOne(64))
                .train(() -> Qwen2Model.loadTrainable(base, CPU), CPU, further::add).close();
        assertTrue(further.get(0).loss() < first.get(0).loss() / 2,
                "fine-tuning starts where the checkpoint left off: " + first.get(0).loss() + " vs " + further.get(0).loss());
    }

    private static List<float[]> parameters(Qwen2Model m) {
        return m.weights().parameters().stream().map(p -> p.array().toFloatArray()).toList();
    }

    @Test
    void aKilledRunResumesToTheSameParameters() {
        SftSettings s = SftSettings.builder().epochs(3).batchSize(1).gradientAccumulation(2).learningRate(1e-2).warmupRatio(0.2)
                .maxGradNorm(0.5).maxLength(256).seed(11).saveSteps(2).keepCheckpoints(2).build(); // 2 steps per epoch, 6 in all
        List<float[]> uninterrupted;
        try (Qwen2Model m = new SftTrainer(s, examples(), tmp.resolve("straight"), tokenizerDir,
                HfCheckpoint.GenerationDefaults.stageOne(64)).train(() -> init(4), CPU, x -> { })) {
            uninterrupted = parameters(m);
        }
        Path out = tmp.resolve("killed");
        class Killed extends Error {}
        SftTrainer first = new SftTrainer(s, examples(), out, tokenizerDir, HfCheckpoint.GenerationDefaults.stageOne(64));
        assertThrows(Killed.class, () -> first.train(() -> init(4), CPU, m -> {
            if (m.step() == 5) {
                throw new Killed(); // after step 5, between the checkpoints of steps 4 and 6
            }
        }));
        assertTrue(Files.isDirectory(out.resolve("checkpoint-4")));
        assertTrue(ai.fastmath.model.CheckpointManifest.verify(out.resolve("checkpoint-4")).isPresent(), "step checkpoints carry checksums.json");
        List<Integer> resumedSteps = new ArrayList<>();
        try (Qwen2Model m = new SftTrainer(s, examples(), out, tokenizerDir, HfCheckpoint.GenerationDefaults.stageOne(64))
                .train(() -> { throw new AssertionError("must resume, not start afresh"); }, CPU, x -> resumedSteps.add(x.step()))) {
            assertEquals(List.of(5, 6), resumedSteps);
            List<float[]> resumed = parameters(m);
            for (int i = 0; i < resumed.size(); i++) {
                assertArrayEquals(uninterrupted.get(i), resumed.get(i), "parameter " + i);
            }
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6), new ai.fastmath.training.MetricsLog<>(out.resolve("metrics.jsonl"), StepMetrics.class, StepMetrics::step).read().stream()
                .map(StepMetrics::step).toList());
    }
}
