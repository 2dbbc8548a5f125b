package ai.fastmath.solve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A confidence-weighted vote (DeepConf): each answer gets the sum of its traces' weights; the leader is
 * the heaviest answer, a tie going to the answer that appeared first.
 */
public final class WeightedVote {

    private final Map<String, Double> weights = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private double total;

    /** Adds one trace's answer (its class in the plain vote) with its weight (> 0). */
    public void add(String answer, double weight) {
        if (!(weight > 0)) {
            throw new IllegalArgumentException("a vote's weight must be positive, got " + weight);
        }
        weights.merge(answer, weight, Double::sum);
        counts.merge(answer, 1, Integer::sum);
        total += weight;
    }

    public Optional<String> leader() {
        String best = null;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            if (best == null || e.getValue() > weights.get(best)) {
                best = e.getKey();
            }
        }
        return Optional.ofNullable(best);
    }

    /** The leader's share of the total weight, 0 without answers. */
    public double share() {
        return total == 0 ? 0 : leader().map(weights::get).orElse(0.0) / total;
    }

    /** Traces per answer, in order of first appearance. */
    public LinkedHashMap<String, Integer> tally() {
        return new LinkedHashMap<>(counts);
    }
}
