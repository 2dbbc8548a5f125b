package ai.fastmath.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.solve.AnswerChecker;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.StopRule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation protocol against a solver with scripted timing: limits, cut-offs, fallbacks, resume. */
class EvalRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SolveRequest TEMPLATE = SolveRequest.builder("x").samples(4).maxTokensPerSample(64)
            .rule(StopRule.NEVER).answerMode(AnswerChecker.Mode.AIMO).build();

    @TempDir
    Path tmp;

    /** Problem i is "problem i" with gold answer 7i; the fake answers right on even i. */
    private static List<ProblemSet.Problem> problems(int n) {
        return IntStream.range(0, n).mapToObj(i -> new ProblemSet.Problem("id" + i, "problem " + i, String.valueOf(7 * i)))
                .toList();
    }

    private static FakeSolver.Script answers(String problem, Duration takes, boolean honours) {
        int i = Integer.parseInt(problem.substring(8));
        return new FakeSolver.Script(takes, String.valueOf(i % 2 == 0 ? 7 * i : 7 * i + 1), honours);
    }

    private static EvalSettings settings(Duration limit, TimePolicy policy, Duration reserve) {
        return new EvalSettings(limit, Duration.ofMinutes(30), 5, TEMPLATE, policy, "0", reserve, Duration.ofMillis(100));
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    @Test
    void answersEveryProblemAndWritesEveryOutput() throws Exception {
        try (FakeSolver fake = new FakeSolver(p -> answers(p, Duration.ofMillis(20), true))) {
            EvalFiles files = new EvalFiles(tmp.resolve("run"));
            EvalSummary s = new EvalRunner(fake, settings(Duration.ofSeconds(20), TieredPolicy.aimo2(), Duration.ofSeconds(2)),
                    files).run(problems(10), "sha", r -> { });
            assertEquals(10, s.problems());
            assertEquals(10, s.reached());
            assertEquals(0.5, s.accuracy());
            assertEquals(100, s.meanOutputTokens(), 1e-9, "the fake makes 100 tokens per sample");

            List<String> csv = Files.readAllLines(files.submission());
            assertEquals("id,answer", csv.get(0));
            assertEquals(11, csv.size());
            assertEquals("id0,0", csv.get(1), "file order, the voted answer");
            assertEquals("id1,8", csv.get(2));

            List<JsonNode> rows = lines(files.results());
            assertEquals(10, rows.size());
            for (JsonNode r : rows) {
                int i = Integer.parseInt(r.get("id").asText().substring(2));
                assertEquals(i % 2 == 0, r.get("correct").asBoolean(), r.toString());
                assertEquals(String.valueOf(7 * i), r.get("gold").asText());
                assertEquals("all_finished", r.get("stop_reason").asText());
                assertTrue(r.get("budget_s").asDouble() > 0 && r.get("seconds").asDouble() < 1, r.toString());
                assertTrue(r.get("samples").asInt() >= 10, "tiered: a run far ahead of schedule gets many samples");
            }
            assertEquals(10, new HashSet<>(rows.stream().map(r -> r.get("position").asInt()).toList()).size());
            assertEquals(10, fake.asked.stream().map(SolveRequest::seed).distinct().count(), "a seed per problem");

            JsonNode summary = JSON.readTree(files.summary().toFile());
            for (String key : List.of("problems", "reached", "accuracy", "mean_output_tokens", "time_used_s", "time_limit_s")) {
                assertTrue(summary.has(key), key);
            }
            for (String png : List.of("per_problem.png", "accuracy_vs_time.png")) {
                byte[] head = Arrays.copyOf(Files.readAllBytes(files.dir().resolve(png)), 4);
                assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, png);
            }
        }
    }

    @Test
    void whenTimeRunsOutTheRestGetTheFallbackAndTheLimitHolds() throws Exception {
        TimePolicy slow = new TimePolicy() {
            @Override
            public Allocation next(State s) {
                return new Allocation(Duration.ofMillis(400), 4);
            }

            @Override
            public String describe() {
                return "400 ms each";
            }
        };
        try (FakeSolver fake = new FakeSolver(p -> answers(p, Duration.ofMillis(300), true))) {
            EvalFiles files = new EvalFiles(tmp.resolve("short"));
            long t0 = System.nanoTime();
            EvalSummary s = new EvalRunner(fake, settings(Duration.ofSeconds(3), slow, Duration.ofSeconds(1)), files)
                    .run(problems(10), "sha", r -> { });
            double wall = (System.nanoTime() - t0) / 1e9;
            assertTrue(wall < 3, "the run ended inside its limit: " + wall);
            assertTrue(s.reached() >= 4 && s.reached() < 10, "reached " + s.reached());
            assertTrue(s.timeUsedS() <= 3);
            List<String> csv = Files.readAllLines(files.submission());
            assertEquals(11, csv.size(), "every row, reached or not");
            List<JsonNode> rows = lines(files.results());
            assertEquals(10, rows.size());
            long notReached = rows.stream().filter(r -> r.get("stop_reason").asText().equals("not_reached")).count();
            assertEquals(10 - s.reached(), notReached);
            rows.stream().filter(r -> !r.get("reached").asBoolean()).forEach(r -> {
                assertEquals("0", r.get("answer").asText(), "fallback answer");
                assertTrue(csv.contains(r.get("id").asText() + ",0"));
            });
        }
    }

    @Test
    void aSolverThatOverrunsItsDeadlineIsCutOff() throws Exception {
        try (FakeSolver hung = new FakeSolver(p -> answers(p, Duration.ofSeconds(60), false))) {
            EvalFiles files = new EvalFiles(tmp.resolve("hung"));
            long t0 = System.nanoTime();
            EvalSummary s = new EvalRunner(hung, settings(Duration.ofSeconds(4), new EqualSharePolicy(2), Duration.ofSeconds(1)),
                    files).run(problems(3), "sha", r -> { });
            double wall = (System.nanoTime() - t0) / 1e9;
            assertTrue(wall < 4, "cut off inside the limit: " + wall);
            List<JsonNode> rows = lines(files.results());
            assertEquals(3, rows.size());
            assertTrue(rows.stream().filter(r -> r.get("reached").asBoolean())
                    .allMatch(r -> r.get("stop_reason").asText().equals("timeout") && r.get("answer").asText().equals("0")),
                    rows.toString());
            assertEquals(0, s.answered());
        }
    }

    @Test
    void aKilledRunResumesKeepingWhatItFinished() throws Exception {
        List<ProblemSet.Problem> set = problems(10);
        List<String> order = new ArrayList<>();
        Gateway g = new Gateway(set, 5, Map.of());
        for (var p = g.next(); p.isPresent(); p = g.next()) {
            order.add(p.get().problem());
            g.answer(p.get().id(), "0");
        }
        EvalSettings settings = settings(Duration.ofSeconds(30), new EqualSharePolicy(3), Duration.ofSeconds(2));
        EvalFiles files = new EvalFiles(tmp.resolve("killed"));
        try (FakeSolver first = new FakeSolver(p -> answers(p, Duration.ofMillis(10), true))) {
            first.crashOn = order.get(3);
            assertThrows(FakeSolver.Killed.class, () -> new EvalRunner(first, settings, files).run(set, "sha", r -> { }));
            assertEquals(3, first.asked.size());
        }
        List<String> before = Files.readAllLines(files.results());
        assertEquals(3, before.size());
        assertTrue(Files.readAllLines(files.submission()).size() == 11, "the submission had every row all along");
        Files.writeString(files.results(), "{\"id\":\"id9\",\"posi", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (FakeSolver second = new FakeSolver(p -> answers(p, Duration.ofMillis(10), true))) {
            EvalSummary s = new EvalRunner(second, settings, files).run(set, "sha", r -> { });
            assertEquals(order.subList(3, 10), second.asked.stream().map(SolveRequest::problem).toList(),
                    "the interrupted problem again, then the rest; nothing finished is asked twice");
            assertEquals(10, s.reached());
            assertEquals(0.5, s.accuracy());
            assertTrue(s.timeUsedS() >= 27.0 / 10 * 0.9, "the interrupted problem is charged its allocation: " + s.timeUsedS());
        }
        List<String> after = Files.readAllLines(files.results());
        assertEquals(before, after.subList(0, 3), "finished problems kept as they were");
        assertEquals(10, after.size());
        assertEquals(10, new HashSet<>(lines(files.results()).stream().map(r -> r.get("id").asText()).toList()).size());
    }

    @Test
    void anotherRunInTheSameDirectoryIsRefused() {
        EvalFiles files = new EvalFiles(tmp.resolve("other"));
        try (FakeSolver fake = new FakeSolver(p -> answers(p, Duration.ofMillis(1), true))) {
            EvalSettings settings = settings(Duration.ofSeconds(10), new EqualSharePolicy(1), Duration.ofSeconds(2));
            new EvalRunner(fake, settings, files).run(problems(2), "sha-a", r -> { });
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new EvalRunner(fake, settings, files).run(problems(2), "sha-b", r -> { }));
            assertTrue(e.getMessage().contains("holds another run"), e.getMessage());
        }
    }

    @Test
    void foreignResultsAreNeverOverwritten() throws Exception {
        EvalFiles files = new EvalFiles(tmp.resolve("foreign"));
        Files.writeString(files.results(), "{\"mine\": true}\n");
        try (FakeSolver fake = new FakeSolver(p -> answers(p, Duration.ofMillis(1), true))) {
            EvalSettings settings = settings(Duration.ofSeconds(10), new EqualSharePolicy(1), Duration.ofSeconds(2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new EvalRunner(fake, settings, files).run(problems(2), "sha", r -> { }));
            assertTrue(e.getMessage().contains("no state.json"), e.getMessage());
        }
        assertEquals("{\"mine\": true}\n", Files.readString(files.results()));
    }

    @Test
    void withoutGoldAnswersAccuracyIsNull() {
        List<ProblemSet.Problem> set = List.of(new ProblemSet.Problem("a", "problem 0", null));
        try (FakeSolver fake = new FakeSolver(p -> answers(p, Duration.ofMillis(1), true))) {
            EvalSummary s = new EvalRunner(fake, settings(Duration.ofSeconds(10), new EqualSharePolicy(1), Duration.ofSeconds(2)),
                    new EvalFiles(tmp.resolve("nogold"))).run(set, "sha", r -> { });
            assertNull(s.accuracy());
            assertNull(s.correct());
        }
    }
}
