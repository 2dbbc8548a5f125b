package ai.fastmath.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.solve.AnswerChecker;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The R1 trace format: one think block, the box after it, some boxes inside it, re-verifications that lengthen a trace up to 3x. */
class TraceFormatTest {

    private static List<Example> train;

    @BeforeAll
    static void generate() {
        train = new Curriculum(CurriculumConfig.DEFAULT).generate(2, new SplitSizes(3000, 0, 0, 0)).train();
    }

    @Test
    void oneThinkBlockThenABoxedAnswer() {
        for (Example e : train) {
            String g = e.generation();
            assertTrue(g.startsWith("<think>\n"), g);
            assertEquals(1, count(g, "</think>"), g);
            assertEquals(1, count(g, "<think>"), g);
            String after = g.substring(g.indexOf("</think>") + "</think>".length());
            assertTrue(after.startsWith("\n\n"), g);
            assertEquals(Optional.of(e.answer()), AnswerChecker.exact().answer(after), g);
        }
    }

    @Test
    void aMinorityAlsoBoxesTheAnswerInsideTheThinkBlock() {
        long inThink = train.stream().filter(e -> {
            String think = e.generation().substring(0, e.generation().indexOf("</think>"));
            return think.contains("\\boxed{" + e.answer() + "}");
        }).count();
        double share = (double) inThink / train.size();
        assertTrue(share >= 0.1 && share <= 0.3, "in-think boxes: " + share);
        for (Example e : train) {
            String think = e.generation().substring(0, e.generation().indexOf("</think>"));
            if (think.contains("\\boxed")) {
                assertTrue(think.endsWith("So the answer is \\boxed{" + e.answer() + "}.\n"), "the box is the last think line");
            }
        }
    }

    @Test
    void aboutAThirdOfTheTracesReVerify() {
        long waits = train.stream().filter(e -> e.generation().contains("Wait, let me")).count();
        double share = (double) waits / train.size();
        assertTrue(share >= 0.25 && share <= 0.4, "traces with a re-verification: " + share);
        long twice = train.stream().filter(e -> count(e.generation(), "Wait, let me") == 2).count();
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
                    // the longest closing: the trace's own short form is no longer than this
                    String shortTrace = TraceWriter.layout(w, List.of(), false, TraceWriter.CLOSINGS.get(1));
                    String longTrace = always.write(w, random);
                    double ratio = (double) longTrace.length() / shortTrace.length();
                    assertTrue(ratio <= 3.0, f.name() + " " + ratio + "\n" + longTrace);
                    ratios += ratio;
                    n++;
                }
            }
        }
        assertTrue(ratios / n >= 1.8, "verified traces are much longer on average: " + ratios / n);
    }

    @Test
    void sameProblemKindComesInShortAndLongTraces() {
        for (Family f : Curriculum.families()) {
            List<Example> mine = train.stream().filter(e -> e.family().equals(f.name())).toList();
            double plain = mine.stream().filter(e -> !e.generation().contains("Wait")).mapToInt(e -> e.generation().length()).average().orElseThrow();
            double verified = mine.stream().filter(e -> e.generation().contains("Wait")).mapToInt(e -> e.generation().length()).average().orElseThrow();
            assertTrue(verified > 1.3 * plain && verified < 3 * plain, f.name() + ": " + plain + " vs " + verified);
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
