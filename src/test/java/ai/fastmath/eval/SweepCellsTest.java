package ai.fastmath.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.solve.ProblemSolver;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.SolveResult;
import ai.fastmath.solve.SolveRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's family x level breakdown, against counts worked out by hand on a scripted solver. */
class SweepCellsTest {

    @TempDir
    Path tmp;

    /** Answers each problem with fixed sample answers: the problem text is "answers a,b,c,d". */
    private static final class Scripted implements ProblemSolver {
        @Override
        public SolveRun submit(SolveRequest r) {
            String[] answers = r.problem().substring("answers ".length()).split(",");
            List<SolveResult.Sample> samples = new java.util.ArrayList<>();
            Map<String, Integer> tally = new java.util.TreeMap<>();
            for (int i = 0; i < answers.length; i++) {
                // with texts: the first sample boxes inside its thinking, the others only after it
                String text = !r.includeText() ? null : i == 0 ? "<think>\n\\boxed{" + answers[i] + "}\n</think>\n"
                        : "<think>\n</think>\n\\boxed{" + answers[i] + "}";
                samples.add(new SolveResult.Sample(i, answers[i], 10 * (i + 1), "stop", text));
                tally.merge(answers[i], 1, Integer::sum);
            }
            String top = tally.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            long tokens = samples.stream().mapToLong(SolveResult.Sample::tokens).sum();
            return SolveRun.of(CompletableFuture.completedFuture(new SolveResult(top, 0.5, tally, samples, tokens, 0, 4, 4,
                    "all_finished")), reason -> { });
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public void close() {}
    }

    @Test
    void scoresEachFamilyAndLevelApart() throws Exception {
        Path jsonl = tmp.resolve("p.jsonl");
        Files.writeString(jsonl, String.join("\n",
                "{\"id\": \"a\", \"family\": \"addition\", \"level\": 1, \"problem\": \"answers 5,5,5,7\", \"answer\": \"5\"}",
                "{\"id\": \"b\", \"family\": \"addition\", \"level\": 1, \"problem\": \"answers 1,2,2,2\", \"answer\": \"1\"}",
                "{\"id\": \"c\", \"family\": \"addition\", \"level\": 2, \"problem\": \"answers 9,9,9,9\", \"answer\": \"9\"}",
                "{\"id\": \"d\", \"family\": \"gcd_lcm\", \"level\": 1, \"problem\": \"answers 3,4,4,4\", \"answer\": \"4\"}", ""));
        List<ProblemSet.Problem> problems = ProblemSet.load(jsonl);
        assertEquals("addition", problems.get(0).family());
        assertEquals(1, problems.get(0).level());
        SolveRequest template = SolveRequest.of("x", 16);
        List<Sweep.Point> points = Sweep.run("m", new Scripted(), problems, List.of(16), 4, template, 2, 0, w -> { });
        Sweep.Point p = points.get(0);
        // by hand: pass@1 = (3/4 + 1/4 + 4/4 + 3/4) / 4; majority right on a, c, d
        assertEquals((0.75 + 0.25 + 1 + 0.75) / 4, p.passAt1(), 1e-12);
        assertEquals(0.75, p.majAtK(), 1e-12);
        assertEquals(100 / 4.0, p.meanOutputTokens(), 1e-12, "10+20+30+40 tokens a problem, 4 samples");
        assertEquals(3, p.cells().size());
        Sweep.Cell add1 = p.cells().get(0);
        assertEquals(List.of("addition", 1, 2), List.of(add1.family(), add1.level(), add1.problems()));
        assertEquals(0.5, add1.passAt1(), 1e-12);
        assertEquals(0.5, add1.majAtK(), 1e-12);
        Sweep.Cell add2 = p.cells().get(1);
        assertEquals(List.of("addition", 2, 1), List.of(add2.family(), add2.level(), add2.problems()));
        assertEquals(1.0, add2.majAtK(), 1e-12);
        Sweep.Cell gcd1 = p.cells().get(2);
        assertEquals(List.of("gcd_lcm", 1, 1), List.of(gcd1.family(), gcd1.level(), gcd1.problems()));
        assertEquals(0.75, gcd1.passAt1(), 1e-12);

        assertEquals(List.of(new Sweep.Score("m", 16, "a", 3, 4, true, 100), new Sweep.Score("m", 16, "b", 1, 4, false, 100)),
                p.scores().subList(0, 2));
        SweepReport.write(tmp.resolve("out"), points);
        List<String> lines = Files.readAllLines(tmp.resolve("out/problems.jsonl"));
        assertEquals(4, lines.size());
        assertTrue(lines.get(1).contains("\"id\":\"b\"") && lines.get(1).contains("\"right\":1"), lines.get(1));
        assertTrue(!Files.readString(tmp.resolve("out/sweep.json")).contains("scores"), "per-problem lines stay out of sweep.json");
        String md = SweepReport.markdown(points);
        assertTrue(md.contains("| addition | 50.0% / 50.0% | 100.0% / 100.0% |"), md);
        assertTrue(md.contains("| gcd_lcm | 75.0% / 100.0% | - |"), md);
        // level 1 over both families: pass (0.75 + 0.25 + 0.75) / 3, majority 2 of 3
        assertTrue(md.contains(String.format("| all | %.1f%% / %.1f%% | 100.0%% / 100.0%% |", 100 * 1.75 / 3, 200 / 3.0)), md);
    }

    @Test
    void countsTheSamplesThatBoxBeforeThinkEndWhenTextsAreKept() throws Exception {
        Path csv = tmp.resolve("p.csv");
        Files.writeString(csv, "id,problem,answer\na,\"answers 5,5,5,7\",5\nb,\"answers 1,2,3\",1\n");
        List<ProblemSet.Problem> problems = ProblemSet.load(csv);
        Sweep.Point without = Sweep.run("m", new Scripted(), problems, List.of(16), 4, SolveRequest.of("x", 16), 1, 0,
                w -> { }).get(0);
        assertEquals(null, without.boxedInThinkShare(), "no texts, no measure");
        SolveRequest withTexts = SolveRequest.of("x", 16).toBuilder().includeText(true).build();
        Sweep.Point with = Sweep.run("m", new Scripted(), problems, List.of(16), 4, withTexts, 1, 0, w -> { }).get(0);
        // one boxed-inside sample per problem, over k = 4 samples a problem (b's missing fourth counts as not boxed)
        assertEquals(2 / 8.0, with.boxedInThinkShare(), 1e-12);
        assertTrue(SweepReport.markdown(List.of(with)).contains("m at 16 tokens: 25.0% of samples box their answer before </think>"));
    }

    @Test
    void filesWithoutFamiliesHaveNoCellsAndABadLevelIsRefused() throws Exception {
        Path csv = tmp.resolve("p.csv");
        Files.writeString(csv, "id,problem,answer\na,\"answers 5,5,5,7\",5\n");
        List<Sweep.Point> points = Sweep.run("m", new Scripted(), ProblemSet.load(csv), List.of(16), 4,
                SolveRequest.of("x", 16), 1, 0, w -> { });
        assertTrue(points.get(0).cells().isEmpty());
        assertTrue(!SweepReport.markdown(points).contains("by family and level"));
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"id\": \"a\", \"level\": \"hard\", \"problem\": \"p\", \"answer\": \"1\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProblemSet.load(bad));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("level"), e.getMessage());
    }
}
