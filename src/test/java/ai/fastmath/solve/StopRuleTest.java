package ai.fastmath.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each early-stopping rule on scripted sample streams (no model). */
class StopRuleTest {

    /** Feeds answers in order (null = no answer) and returns after how many the rule stopped, or -1. */
    private static int stopsAfter(StopRule rule, int samples, String... answers) {
        Vote vote = new Vote();
        for (int i = 0; i < answers.length; i++) {
            vote.add(Optional.ofNullable(answers[i]));
            if (rule.decided(vote, samples - vote.finished())) {
                return i + 1;
            }
        }
        return -1;
    }

    @Test
    void voteTalliesAndBreaksTiesByFirstAppearance() {
        Vote v = new Vote();
        List.of("7", "3", "3", "7").forEach(a -> v.add(Optional.of(a)));
        v.add(Optional.empty());
        assertEquals(Optional.of("7"), v.leader(), "tie 2-2: the first to appear");
        assertEquals(2, v.leaderCount());
        assertEquals(2, v.runnerUpCount());
        assertEquals(5, v.finished());
        assertEquals(4, v.answered());
        assertEquals(0.5, v.share());
    }

    @Test
    void unbeatableStopsWhenTheRestCannotCatchUp() {
        // 8 samples: after 5 x "12", 3 still running cannot reach 5
        assertEquals(5, stopsAfter(StopRule.CANNOT_BE_OVERTAKEN, 8, "12", "12", "12", "12", "12", "1", "1", "1"));
        // 4 of 8 with 4 running could still tie: wait
        assertEquals(6, stopsAfter(StopRule.CANNOT_BE_OVERTAKEN, 8, "12", "12", "12", "9", "12", "12", "1", "1"));
        // all disagree: a tie is never "decided"; the vote simply ends when no sample is left
        assertEquals(-1, stopsAfter(StopRule.CANNOT_BE_OVERTAKEN, 8, "1", "2", "3", "4", "5", "6", "7", "8"));
        assertEquals(-1, stopsAfter(StopRule.CANNOT_BE_OVERTAKEN, 4, null, null, null, null), "no answers: no leader");
    }

    @Test
    void betaRuleMatchesAdaptiveConsistency() {
        // Beta(a+1, b+1): P(p > 1/2) for a = 4, b = 0 is 1 - 0.5^5 = 0.96875 >= 0.95
        assertEquals(0.96875, StopRule.probabilityLeaderIsMajority(4, 0), 1e-12);
        assertEquals(0.5, StopRule.probabilityLeaderIsMajority(0, 0), 1e-12);
        assertEquals(0.75, StopRule.probabilityLeaderIsMajority(1, 0), 1e-12);
        assertEquals(0.5, StopRule.probabilityLeaderIsMajority(3, 3), 1e-12);
        assertEquals(4, stopsAfter(StopRule.beta(0.95), 64, "5", "5", "5", "5", "5"));
        // a disagreement delays it: a=5, b=1 gives 1 - 8/128 = 0.9375 < 0.95; a=6, b=1 gives 0.9648
        assertEquals(7, stopsAfter(StopRule.beta(0.95), 64, "5", "9", "5", "5", "5", "5", "5"));
        assertTrue(StopRule.probabilityLeaderIsMajority(60, 59) < 0.6);
        assertTrue(StopRule.probabilityLeaderIsMajority(64, 0) <= 1.0);
    }

    @Test
    void kOfFirstMLooksOnlyAtTheFirstMAnswers() {
        StopRule fourOfFive = StopRule.kOfFirstM(4, 5);
        assertEquals(4, stopsAfter(fourOfFive, 16, "2", "2", "2", "2"));
        assertEquals(5, stopsAfter(fourOfFive, 16, "2", "3", "2", "2", "2"));
        assertEquals(-1, stopsAfter(fourOfFive, 16, "2", "3", "4", "2", "2", "2", "2", "2"), "the 4th '2' came after the first 5");
        assertEquals(5, stopsAfter(fourOfFive, 16, null, "2", "2", "2", "2"), "no-answer samples are not among the first m answers");
    }

    @Test
    void rulesParseFromRequests() {
        assertEquals("none", StopRule.parse("none").name());
        assertEquals("unbeatable", StopRule.parse("unbeatable").name());
        assertEquals("beta", StopRule.parse("beta:0.9").name());
        assertEquals(3, stopsAfter(StopRule.parse("k-of-m:3/4"), 16, "1", "1", "1"));
        assertFalse(StopRule.NEVER.decided(new Vote(), 0));
        assertThrows(IllegalArgumentException.class, () -> StopRule.parse("majority"));
        assertThrows(IllegalArgumentException.class, () -> StopRule.parse("k-of-m:5/4"));
        assertThrows(IllegalArgumentException.class, () -> StopRule.parse("beta:1.5"));
        assertThrows(IllegalArgumentException.class, () -> StopRule.parse("k-of-m:x"));
    }
}
