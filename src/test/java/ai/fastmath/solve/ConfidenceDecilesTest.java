package ai.fastmath.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accuracy by decile of trace confidence, against counts made by hand. */
class ConfidenceDecilesTest {

    @Test
    void samplesAreSplitIntoTenDecilesByConfidenceWithTheirAccuracy() {
        List<SolveBenchmark.SampleRun> a = new ArrayList<>();
        for (int c = 20; c >= 1; c--) { // confidence 1..20 (given out of order): 11 and up answer right
            a.add(new SolveBenchmark.SampleRun(c > 10 ? "5" : "3", 10, (double) c));
        }
        a.add(new SolveBenchmark.SampleRun(null, 10, 0.5)); // no answer: left out
        a.add(new SolveBenchmark.SampleRun("5", 10, null)); // no confidence: left out
        List<SolveBenchmark.SampleRun> b = List.of(new SolveBenchmark.SampleRun("9", 10, 100.0)); // no gold: left out
        SolveBenchmark.RuleRun run = new SolveBenchmark.RuleRun("conf-vote:tail:top10", 2, null, 0, 0, 0, 0, 0, List.of(
                new SolveBenchmark.ProblemRun("a", "5", true, 0, 0, 22, "all_finished", a),
                new SolveBenchmark.ProblemRun("b", "9", null, 0, 0, 1, "all_finished", b)));
        List<SolveBenchmark.Item> items = List.of(new SolveBenchmark.Item("a", "p", "5"), new SolveBenchmark.Item("b", "p", null));
        List<SolveBenchmark.ConfidenceDecile> d = SolveBenchmark.confidenceDeciles(run, items, SolveRequest.of("p", 8).checker());
        assertEquals(10, d.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(2, d.get(i).samples(), "decile " + (i + 1));
            assertEquals(2 * i + 1, d.get(i).from(), 1e-12);
            assertEquals(2 * i + 2, d.get(i).to(), 1e-12);
            assertEquals(i < 5 ? 0.0 : 1.0, d.get(i).accuracy(), 1e-12, "decile " + (i + 1));
        }
    }
}
