package ai.fastmath.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.TestCheckpoints;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.solve.AnswerChecker;
import ai.fastmath.solve.CheckpointSolver;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.StopRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol end to end on a real (random-init) Qwen2 through the engine: the limit holds, every row is written. */
class EvalOnModelTest {

    @TempDir
    static Path tmp;

    @Test
    void twentyProblemsFinishInsideAShortLimitWithEveryRow() throws Exception {
        Path model = TestCheckpoints.tinyQwen(tmp.resolve("tiny"), 3);
        List<ProblemSet.Problem> set = IntStream.range(0, 20)
                .mapToObj(i -> new ProblemSet.Problem("q" + i, "What is " + i + " + " + (i + 1) + "?", String.valueOf(2 * i + 1)))
                .toList();
        SolveRequest template = SolveRequest.builder("x").samples(8).maxTokensPerSample(48).rule(StopRule.beta(0.95))
                .answerMode(AnswerChecker.Mode.AIMO).build();
        Duration limit = Duration.ofSeconds(12);
        EvalSettings settings = new EvalSettings(limit, Duration.ofMinutes(30), 1, template, TieredPolicy.aimo2(), "0",
                EvalSettings.defaultReserve(limit), Duration.ofMillis(200));
        EvalFiles files = new EvalFiles(tmp.resolve("run"));
        long t0 = System.nanoTime();
        EvalSummary s;
        try (CheckpointSolver solver = CheckpointSolver.open(model, TensorRuntime.of("cpu", "float32"),
                new EngineConfig(32, 512, 32 * 160, 16, 1000))) {
            s = new EvalRunner(solver, settings, files).run(set, "sha", r -> { });
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        // the run's own clock is the judge (timeUsedS below); the wall clock of a shared machine only
        // shows that nothing hung: generous, three times the limit with model loading included
        assertTrue(wall < 3 * limit.toSeconds(), "the run ended: " + wall + " s");
        assertEquals(20, s.problems());
        assertTrue(s.reached() >= 1, "reached " + s.reached());
        assertTrue(s.meanOutputTokens() > 0, "the model generated");
        assertEquals(21, Files.readAllLines(files.submission()).size());
        assertEquals(20, Files.readAllLines(files.results()).size());
        assertTrue(s.timeUsedS() <= limit.toSeconds());
    }
}
