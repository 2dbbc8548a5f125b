package ai.fastmath.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** DeepConf's rules: parsing, trace scores, the percentile threshold and weighted votes, by hand. */
class ConfidenceRuleTest {

    @Test
    void rulesParseAndPrintBack() {
        ConfidenceRule offline = (ConfidenceRule) StopRule.parse("conf-vote:lowest-group:top10");
        assertFalse(offline.online());
        assertEquals("conf-vote:lowest-group:top10", offline.spec());
        assertEquals("conf-vote", offline.name());
        ConfidenceRule online = (ConfidenceRule) StopRule.parse("deepconf:4/90/0.95");
        assertTrue(online.online());
        assertEquals(4, online.warmup());
        assertEquals("deepconf:4/90/0.95", online.spec());
        assertEquals(ConfidenceRule.Score.TAIL, ((ConfidenceRule) StopRule.parse("conf-vote:tail:top50")).score());
        assertThrows(IllegalArgumentException.class, () -> StopRule.parse("conf-vote:highest:top10"));
        assertThrows(IllegalArgumentException.class, () -> StopRule.parse("conf-vote:tail:10"));
        assertThrows(IllegalArgumentException.class, () -> StopRule.parse("deepconf:0/10/0.95"));
        assertThrows(IllegalArgumentException.class, () -> StopRule.parse("deepconf:4/10/0.4"));
        assertThrows(IllegalArgumentException.class, () -> StopRule.parse("deepconf:4/x/0.95"));
    }

    @Test
    void traceScoresFromGroupConfidencesByHand() {
        TraceConfidence t = new TraceConfidence(2);
        for (double c : new double[] {5, 3, 1, 7, 9}) {
            t.add(c);
        }
        // groups of 2: 4, 2, 4, 8
        assertEquals(2.0, t.score(ConfidenceRule.Score.LOWEST_GROUP), 1e-12);
        assertEquals(2.0, t.score(ConfidenceRule.Score.BOTTOM_10), 1e-12); // the lowest ceil(10% of 4) = 1 group
        assertEquals(8.0, t.score(ConfidenceRule.Score.TAIL), 1e-12);
        TraceConfidence shorter = new TraceConfidence(8);
        shorter.add(2);
        shorter.add(4);
        assertEquals(3.0, shorter.score(ConfidenceRule.Score.LOWEST_GROUP), 1e-12, "shorter than the window: one group");
        assertTrue(Double.isNaN(new TraceConfidence(4).score(ConfidenceRule.Score.TAIL)));
    }

    @Test
    void theThresholdIsAPercentileOfTheWarmUp() {
        List<Double> warmup = List.of(3.0, 1.0, 4.0, 2.0);
        // keep 10% (DeepConf-low): the 90th percentile, nearest rank ceil(0.9 * 4) = 4 -> 4.0
        assertEquals(4.0, ConfidenceRule.online(4, 10, 0.95).threshold(warmup), 1e-12);
        // keep 90% (DeepConf-high): the 10th percentile, rank ceil(0.1 * 4) = 1 -> 1.0
        assertEquals(1.0, ConfidenceRule.online(4, 90, 0.95).threshold(warmup), 1e-12);
        // keep 50%: rank 2 -> 2.0
        assertEquals(2.0, ConfidenceRule.online(4, 50, 0.95).threshold(warmup), 1e-12);
    }

    @Test
    void weightedVotesAndTheirTies() {
        WeightedVote v = new WeightedVote();
        v.add("7", 2.0);
        v.add("9", 1.5);
        v.add("9", 0.5);
        assertEquals("7", v.leader().orElseThrow(), "a tie in weight goes to the answer that came first");
        assertEquals(0.5, v.share(), 1e-12);
        v.add("9", 0.1);
        assertEquals("9", v.leader().orElseThrow());
        assertEquals(2.1 / 4.1, v.share(), 1e-12);
        assertEquals(List.of("7", "9"), List.copyOf(v.tally().keySet()));
        assertEquals(3, v.tally().get("9"));
        assertThrows(IllegalArgumentException.class, () -> v.add("1", 0));
    }

    @Test
    void offlineKeepsTheTopShareByScoreAndWeighsIt() {
        String[] answers = {"1", "2", "2", "1", null, "3", "2", "1", "1", "1"};
        double[] scores = {9, 8, 7.5, 1, 9.9, 2, 7, 1.5, 1.2, 1.1};
        // plain majority: "1" (5 votes); top 30% of the 9 answered = ceil(2.7) = 3 traces: 9 ("1"), 8 and 7.5 ("2")
        WeightedVote top30 = ConfidenceRule.offline(ConfidenceRule.Score.LOWEST_GROUP, 30).vote(answers, scores);
        assertEquals("2", top30.leader().orElseThrow());
        assertEquals(15.5 / 24.5, top30.share(), 1e-12);
        // keep all: weights 9+1+1.5+1.2+1.1 = 13.8 for "1" against 22.5 for "2"
        WeightedVote all = ConfidenceRule.offline(ConfidenceRule.Score.LOWEST_GROUP, 100).vote(answers, scores);
        assertEquals("2", all.leader().orElseThrow());
        assertEquals(9, all.tally().values().stream().mapToInt(Integer::intValue).sum());
        // online votes every trace that finished unpruned (scores NaN for none here)
        WeightedVote online = ConfidenceRule.online(2, 10, 0.95).vote(answers, scores);
        assertEquals(9, online.tally().values().stream().mapToInt(Integer::intValue).sum());
    }
}
