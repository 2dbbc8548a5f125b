package ai.fastmath.eval;

import java.time.Duration;
import java.util.List;

/**
 * The AIMO2 2nd-place team's policy: the sample count follows the average time left per remaining
 * problem, so a run that is ahead of schedule spends more samples and one that is behind spends
 * fewer. Their tiers were set for 50 problems in 5 hours (360 s per problem on average): under
 * 300 s → 10 samples, 300–345 → 12, 345–370 → 15, 370–420 → 16, above → 17. Here the thresholds
 * scale with the run's own average ({@code limit / total} against 360 s), so the same policy steers a
 * 20-second test run and a 5-hour one. The time is the equal share of what is left.
 *
 * @param referenceAverageS the average seconds per problem the thresholds were set for
 * @param thresholdsS upper bounds of the tiers, ascending (seconds at the reference average)
 * @param samples samples per tier; one more entry than thresholds (the last is "above")
 */
public record TieredPolicy(double referenceAverageS, List<Double> thresholdsS, List<Integer> samples)
        implements TimePolicy {

    public TieredPolicy {
        if (samples.size() != thresholdsS.size() + 1) {
            throw new IllegalArgumentException("need one more sample count than thresholds");
        }
        thresholdsS = List.copyOf(thresholdsS);
        samples = List.copyOf(samples);
    }

    /** The tiers of the AIMO2 2nd-place solution. */
    public static TieredPolicy aimo2() {
        return new TieredPolicy(360, List.of(300.0, 345.0, 370.0, 420.0), List.of(10, 12, 15, 16, 17));
    }

    @Override
    public Allocation next(State s) {
        double scale = s.limit().toMillis() / 1000.0 / s.total() / referenceAverageS;
        double average = s.averageLeftS();
        int tier = 0;
        while (tier < thresholdsS.size() && average >= thresholdsS.get(tier) * scale) {
            tier++;
        }
        return new Allocation(Duration.ofMillis(s.left().toMillis() / s.remaining()), samples.get(tier));
    }

    @Override
    public String describe() {
        return "tiered " + thresholdsS + " s at " + referenceAverageS + " s/problem -> " + samples + " samples";
    }
}
