package ai.fastmath.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short R1 trace format: one think block ending on the conclusion, the box after it, some boxes
 * inside it, re-verifications ("Wait, check:") that lengthen a trace up to 3x.
 */
class TraceFormatTest {

    private static List<Example> train;

    @BeforeAll
    static void generate() {
        train = new Curriculum(CurriculumConfig.DEFAULT).generate(2, new SplitSizes(3000, 0, 0, 0)).train();
    }

    @Test
    void oneThinkBlockThenOnlyTheBoxedAnswer() {
        for (Example e : train) {
            String g = e.generation();
            assertTrue(g.startsWith("<think>\n"), g);
            assertEquals(1, count(g, "</think>"), g);
            assertEquals(1, count(g, "<think>"), g);
            assertTrue(g.endsWith("\n</think>\n\\boxed{" + e.answer() + "}"), g);
        }
    }

    @Test
    void theLastThinkLineStatesTheAnswer() {
        for (Example e : train) {
            String think = e.generation().substring(0, e.generation().indexOf("\n</think>"));
            List<String> lines = List.of(think.replace("\n\\boxed{" + e.answer() + "}", "").split("\n"));
            String conclusion = lines.get(lines.size() - 1);
            assertTrue(conclusion.endsWith("=" + e.answer()), e.problem() + ": " + conclusion);
        }
    }

    @Test
    void aMinorityAlsoBoxesTheAnswerInsideTheThinkBlock() {
        long inThink = train.stream().filter(e -> e.generation().contains("\\boxed{" + e.answer() + "}\n</think>")).count();
        double share = (double) inThink / train.size();
        assertTrue(share >= 0.1 && share <= 0.3, "in-think boxes: " + share);
        for (Example e : train) {
            assertTrue(count(e.generation(), "\\boxed") <= 2, "one box after </think>, at most one on the last think line");
        }
    }

    @Test
    void aboutAThirdOfTheTracesReVerify() {
        long checked = train.stream().filter(e -> e.generation().contains(TraceWriter.CHECK)).count();
        double share = (double) checked / train.size();
        assertTrue(share >= 0.25 && share <= 0.4, "traces with a re-verification: " + share);
        long twice = train.stream().filter(e -> count(e.generation(), TraceWriter.CHECK) == 2).count();
        assertTrue(twice > train.size() / 20, "some verify twice: " + twice);
    }

    @Test
    void verifiedTracesAreLongerButAtMostThreeTimesTheShortOne() {
        TraceWriter always = new TraceWriter(new CurriculumConfig(1, 1, 3.0, 0));
        SplittableRandom random = new SplittableRandom(3);
        double ratios = 0;
        int n = 0;
        for (Family f : Curriculum.families()) {
            for (int level = Family.MIN_LEVEL; level <= Family.MAX_LEVEL; level++) {
                for (int i = 0; i < 50; i++) {
                    Worked w = f.generate(level, random);
                    String shortTrace = TraceWriter.layout(w, List.of(), false);
                    String longTrace = always.write(w, random);
                    double ratio = (double) longTrace.length() / shortTrace.length();
                    assertTrue(ratio <= 3.0, f.name() + " " + ratio + "\n" + longTrace);
                    ratios += ratio;
                    n++;
                }
            }
        }
        assertTrue(ratios / n >= 1.5, "verified traces are much longer on average: " + ratios / n);
    }

    @Test
    void sameProblemKindComesInShortAndLongTraces() {
        for (Family f : Curriculum.families()) {
            List<Example> mine = train.stream().filter(e -> e.family().equals(f.name())).toList();
            double plain = mine.stream().filter(e -> !e.generation().contains(TraceWriter.CHECK))
                    .mapToInt(e -> e.generation().length()).average().orElseThrow();
            double verified = mine.stream().filter(e -> e.generation().contains(TraceWriter.CHECK))
                    .mapToInt(e -> e.generation().length()).average().orElseThrow();
            assertTrue(verified > 1.3 * plain && verified < 3 * plain, f.name() + ": " + plain + " vs " + verified);
        }
    }

    @Test
    void tracesAreShortForASmallModel() {
        // the verbose traces of the first curriculum averaged ~580 characters; a small model learns short ones
        double mean = train.stream().mapToInt(e -> e.generation().length()).average().orElseThrow();
        assertTrue(mean < 250, "mean trace length " + mean);
        for (int level = Family.MIN_LEVEL; level <= Family.MAX_LEVEL; level++) {
            final int l = level;
            double m = train.stream().filter(e -> e.level() == l).mapToInt(e -> e.generation().length()).average().orElseThrow();
            assertTrue(m < 150 * level, "level " + level + ": mean " + m);
        }
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
