package ai.fastmath.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** maj@n against pass@1 from a fixed-N run, against votes counted by hand. */
class VoteSizesTest {

    private static SolveBenchmark.ProblemRun run(String id, String... answers) {
        List<SolveBenchmark.SampleRun> samples = new java.util.ArrayList<>();
        for (int i = 0; i < answers.length; i++) {
            samples.add(new SolveBenchmark.SampleRun(answers[i], 10 * (i + 1)));
        }
        return new SolveBenchmark.ProblemRun(id, null, null, 100, 0, answers.length, "all_finished", samples);
    }

    @Test
    void votesOfTheFirstNSamplesAgainstPassAtOne() {
        List<SolveBenchmark.Item> items = List.of(new SolveBenchmark.Item("a", "p", "42"),
                new SolveBenchmark.Item("b", "p", "5"), new SolveBenchmark.Item("c", "p", null),
                new SolveBenchmark.Item("d", "p", "0.5"));
        SolveBenchmark.RuleRun fixed = new SolveBenchmark.RuleRun("none", 4, null, 100, 0, 0, 4, 0, List.of(
                run("a", "7", "42", "42", "7"),
                run("b", "5", null, "3", "3"),
                run("c", "1", "1", "1", "1"),
                run("d", "1/2", "1/2", "2", "1/2")));
        AnswerChecker checker = SolveRequest.of("p", 8).checker();
        List<SolveBenchmark.VoteSize> sizes = SolveBenchmark.voteSizes(fixed, items, checker, List.of(1, 2, 4));
        // by hand, c has no gold and is left out:
        // n=1: a votes 7 (wrong), b 5 (right), d 1/2 = 0.5 (right)
        // n=2: a 7 vs 42 tie -> 7, the lower index (wrong); b 5 (the empty sample votes for nothing); d 1/2
        // n=4: a 2-2 tie -> 7 (wrong); b 3 beats 5 two to one (wrong); d 1/2 three to one (right)
        assertEquals(List.of(1, 2, 4), sizes.stream().map(SolveBenchmark.VoteSize::n).toList());
        assertEquals(Arrays.asList(2 / 3.0, 2 / 3.0, 1 / 3.0),
                sizes.stream().map(SolveBenchmark.VoteSize::majAtN).toList());
        double pass = (2 / 4.0 + 1 / 4.0 + 3 / 4.0) / 3;
        assertTrue(sizes.stream().allMatch(v -> Math.abs(v.passAt1() - pass) < 1e-12), sizes.toString());
        // samples are 10, 20, 30, 40 tokens: the first n together
        assertEquals(List.of(10.0, 30.0, 100.0), sizes.stream().map(SolveBenchmark.VoteSize::tokensPerProblem).toList());
    }

    @Test
    void aVoteLargerThanTheRunIsRefused() {
        SolveBenchmark.RuleRun fixed = new SolveBenchmark.RuleRun("none", 1, null, 0, 0, 0, 2, 0, List.of(run("a", "1", "2")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SolveBenchmark.voteSizes(fixed,
                List.of(new SolveBenchmark.Item("a", "p", "1")), SolveRequest.of("p", 8).checker(), List.of(4)));
        assertTrue(e.getMessage().contains("vote size 4") && e.getMessage().contains("2 samples"), e.getMessage());
    }
}
