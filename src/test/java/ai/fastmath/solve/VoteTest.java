package ai.fastmath.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The vote groups equivalent answers, named by the first, and bounds what the grouping may cost. */
class VoteTest {

    private static final AnswerChecker CHECKER = AnswerChecker.exact();

    private static Vote voteOn(AnswerChecker c, String... raw) {
        Vote v = new Vote(c::same);
        for (String r : raw) {
            v.add(c.canonical(r));
        }
        return v;
    }

    @Test
    void equivalentAnswersAreOneClassNamedByTheFirst() {
        Vote v = voteOn(CHECKER, "\\sqrt{8}", "7", "2\\sqrt{2}", "0.5", "\\frac12", "1/2", "\\sqrt{8}", "7");
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("\\sqrt{8}", 3);
        expected.put("7", 2);
        expected.put("1/2", 3);
        assertEquals(expected, v.tally());
        assertEquals(Optional.of("\\sqrt{8}"), v.leader(), "the first of the tied classes of 3");
        assertEquals(8, v.finished());
    }

    @Test
    void withoutATestOfSamenessOnlyEqualFormsAreOne() {
        Vote v = new Vote();
        for (String r : new String[] {"\\sqrt{8}", "2\\sqrt{2}", "0.5", "1/2"}) {
            v.add(CHECKER.canonical(r));
        }
        assertEquals(Map.of("\\sqrt{8}", 1, "2\\sqrt{2}", 1, "1/2", 2), v.tally());
    }

    @Test
    void numbersAreNeverComparedAndComparisonsAreBounded() {
        AtomicInteger calls = new AtomicInteger();
        Vote numbers = new Vote((a, b) -> {
            calls.incrementAndGet();
            return false;
        });
        for (int i = 0; i < 50; i++) {
            numbers.add(Optional.of(Integer.toString(i % 10)));
        }
        assertEquals(0, calls.get(), "two numbers are the same exactly when their canonical forms are");
        assertEquals(10, numbers.tally().size());

        Vote symbols = new Vote((a, b) -> {
            calls.incrementAndGet();
            return false;
        });
        for (int i = 0; i < 40; i++) {
            symbols.add(Optional.of("x_" + i));
        }
        assertEquals(Vote.MAX_COMPARISONS, calls.get(), "at most " + Vote.MAX_COMPARISONS + " comparisons a vote");
        assertEquals(40, symbols.tally().size());
        assertTrue(symbols.tally().values().stream().allMatch(n -> n == 1));
    }
}
