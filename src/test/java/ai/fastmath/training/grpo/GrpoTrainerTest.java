package ai.fastmath.training.grpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.eval.ProblemSet;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.Qwen2Weights;
import ai.fastmath.model.tokenizer.TextTokenizer;
import ai.fastmath.training.HfCheckpoint;
import ai.fastmath.training.MetricsLog;
import ai.fastmath.training.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The GRPO loop on a tiny model: it learns a length-dependent reward, filtered-out groups teach nothing,
 * and a killed run resumes exactly.
 */
class GrpoTrainerTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static TextTokenizer tokenizer;
    private static Path tokenizerDir;

    @BeforeAll
    static void load() {
        tokenizerDir = shared.resolve("tokenizer");
        tokenizer = TinyModels.tokenizer(tokenizerDir);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static List<ProblemSet.Problem> problems() {
        return IntStream.range(0, 16).mapToObj(i -> new ProblemSet.Problem("p" + i, "What is " + i + " + 1?",
                String.valueOf(i + 1))).toList();
    }

    /** No top-p or min-p: a random model's end-of-turn token must stay reachable. */
    private static RolloutSettings rollout(int maxCompletion) {
        return new RolloutSettings(8, 1.0, 1.0, 0.0, 64, maxCompletion, 64);
    }

    private GrpoTrainer trainer(GrpoSettings s, RewardSettings r, LossSettings l, Path out) {
        return new GrpoTrainer(s, rollout(16), r, l, problems(), new RolloutSampler(tokenizer, null, rollout(16)), out,
                tokenizerDir, HfCheckpoint.GenerationDefaults.stageTwo(16));
    }

    @Test
    void aTinyRunLearnsToEarnALengthReward() {
        // The reward depends on length only: Kimi's length reward in tokens (a random model never answers
        // correctly, so shorter than the group's longest earns up to 0 and the longest -0.5).
        RewardSettings lengthOnly = new RewardSettings(0, 0, 1, null, RewardSettings.Scope.GROUP, RewardSettings.Unit.TOKENS);
        GrpoSettings s = GrpoSettings.builder().steps(30).promptsPerStep(4).microBatch(32).learningRate(1e-2)
                .minLrRatio(1.0).seed(3).saveSteps(1000).build();
        List<GrpoStepMetrics> steps = new ArrayList<>();
        Path out = tmp.resolve("toy");
        trainer(s, lengthOnly, new LossSettings(0.0, 0.2, 0.2, LossType.GRPO, 1, true, false, null, null), out)
                .train(() -> TinyModels.trainable(tokenizer, 32, 1), () -> { throw new AssertionError("beta 0: no reference"); },
                        TinyModels.CPU, steps::add).close();
        double early = steps.subList(0, 5).stream().mapToDouble(GrpoStepMetrics::reward).average().orElseThrow();
        double late = steps.subList(25, 30).stream().mapToDouble(GrpoStepMetrics::reward).average().orElseThrow();
        double earlyLen = steps.subList(0, 5).stream().mapToDouble(GrpoStepMetrics::completionTokens).average().orElseThrow();
        double lateLen = steps.subList(25, 30).stream().mapToDouble(GrpoStepMetrics::completionTokens).average().orElseThrow();
        assertTrue(late > early + 0.1, "mean reward " + early + " -> " + late + " (tokens " + earlyLen + " -> " + lateLen + ")");
        assertTrue(lateLen < earlyLen, "completions got shorter: " + earlyLen + " -> " + lateLen);
        for (String f : List.of("config.json", "model.safetensors", "generation_config.json", "metrics.jsonl",
                "training_curves.png", "checkpoint-30/trainer_state.json")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
    }

    @ParameterizedTest
    @EnumSource(GroupFilter.Mode.class)
    void groupsFilteredOutLeaveTheModelUntouched(GroupFilter.Mode mode) {
        // A random model never answers correctly: with all-wrong groups filtered out (dropped, or kept with
        // zero advantages and no KL term), no step has anything to learn from.
        GrpoSettings s = GrpoSettings.builder().steps(2).promptsPerStep(2).microBatch(8).learningRate(1e-2)
                .minLrRatio(1.0).saveSteps(2).build();
        LossSettings filtered = new LossSettings(mode == GroupFilter.Mode.DROP ? 0.04 : 0.0, 0.2, 0.2, LossType.DR_GRPO, 1, false,
                false, GroupFilter.ALL_WRONG, mode);
        List<float[]> before;
        try (Qwen2Model start = TinyModels.trainable(tokenizer, 32, 5)) {
            before = parameters(start);
        }
        List<GrpoStepMetrics> steps = new ArrayList<>();
        try (Qwen2Model m = trainer(s, RewardSettings.paper(64), filtered, tmp.resolve("filtered-" + mode)).train(
                () -> TinyModels.trainable(tokenizer, 32, 5), () -> TinyModels.frozen(tokenizer, 32, 5), TinyModels.CPU, steps::add)) {
            List<float[]> after = parameters(m);
            for (int i = 0; i < after.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "parameter " + i);
            }
        }
        assertEquals(2, steps.size());
        for (GrpoStepMetrics m : steps) {
            assertEquals(0.0, m.accuracy());
            assertEquals(0.0, m.groupsKept());
            assertTrue(m.completionTokens() > 0 && m.reward() != 0, "the rollouts are still measured: " + m);
        }
    }

    private static List<float[]> parameters(Qwen2Model m) {
        return m.weights().parameters().stream().map(Qwen2Weights.Param::array).map(a -> a.toFloatArray()).toList();
    }

    @Test
    void aKilledRunResumesToTheSameParameters() {
        RewardSettings paper = RewardSettings.paper(64);
        LossSettings twoIterations = new LossSettings(0.04, 0.2, 0.28, LossType.DAPO, 2, true, true, null, null);
        GrpoSettings s = GrpoSettings.builder().steps(4).promptsPerStep(2).microBatch(5).learningRate(5e-3)
                .warmupRatio(0.25).minLrRatio(0.1).weightDecay(0.01).seed(9).saveSteps(2).keepCheckpoints(2).build();
        List<float[]> uninterrupted;
        try (Qwen2Model m = trainer(s, paper, twoIterations, tmp.resolve("straight")).train(
                () -> TinyModels.trainable(tokenizer, 32, 4), () -> TinyModels.frozen(tokenizer, 32, 4), TinyModels.CPU, x -> { })) {
            uninterrupted = parameters(m);
        }
        Path out = tmp.resolve("killed");
        class Killed extends Error {}
        assertThrows(Killed.class, () -> trainer(s, paper, twoIterations, out).train(() -> TinyModels.trainable(tokenizer, 32, 4),
                () -> TinyModels.frozen(tokenizer, 32, 4), TinyModels.CPU, m -> {
                    if (m.step() == 3) {
                        throw new Killed(); // after step 3, between the checkpoints of steps 2 and 4
                    }
                }));
        assertTrue(Files.isDirectory(out.resolve("checkpoint-2")));
        List<Integer> resumed = new ArrayList<>();
        try (Qwen2Model m = trainer(s, paper, twoIterations, out).train(() -> { throw new AssertionError("must resume"); },
                () -> TinyModels.frozen(tokenizer, 32, 4), TinyModels.CPU, x -> resumed.add(x.step()))) {
            assertEquals(List.of(3, 4), resumed);
            List<float[]> p = parameters(m);
            for (int i = 0; i < p.size(); i++) {
                assertArrayEquals(uninterrupted.get(i), p.get(i), "parameter " + i);
            }
        }
        List<GrpoStepMetrics> log = new MetricsLog<>(out.resolve("metrics.jsonl"), GrpoStepMetrics.class, GrpoStepMetrics::step).read();
        assertEquals(List.of(1, 2, 3, 4), log.stream().map(GrpoStepMetrics::step).toList());
        assertTrue(log.stream().allMatch(m -> m.kl() >= 0 && m.rolloutS() > 0 && m.updateS() > 0), log.toString());
    }
}
