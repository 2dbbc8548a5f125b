package ai.fastmath.solve;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tally of a self-consistency vote: canonical answers of finished samples in the order they
 * finished. Samples without an answer count as finished but vote for nothing. The leader is the most
 * common answer; a tie goes to the answer that appeared first.
 */
public final class Vote {

    private final Map<String, Integer> tally = new LinkedHashMap<>();
    private final List<String> order = new ArrayList<>();
    private int finished;

    /** Records a finished sample's answer (empty: it gave none). */
    public void add(Optional<String> answer) {
        finished++;
        answer.ifPresent(a -> {
            tally.merge(a, 1, Integer::sum);
            order.add(a);
        });
    }

    public int finished() {
        return finished;
    }

    /** Finished samples that gave an answer. */
    public int answered() {
        return order.size();
    }

    /** Answers in the order they arrived. */
    public List<String> order() {
        return Collections.unmodifiableList(order);
    }

    /** Count per answer, in order of first appearance. */
    public Map<String, Integer> tally() {
        return Collections.unmodifiableMap(tally);
    }

    public Optional<String> leader() {
        String best = null;
        for (Map.Entry<String, Integer> e : tally.entrySet()) {
            if (best == null || e.getValue() > tally.get(best)) {
                best = e.getKey();
            }
        }
        return Optional.ofNullable(best);
    }

    public int leaderCount() {
        return leader().map(tally::get).orElse(0);
    }

    /** Votes of the second most common answer (0 when there is none). */
    public int runnerUpCount() {
        String lead = leader().orElse(null);
        int second = 0;
        for (Map.Entry<String, Integer> e : tally.entrySet()) {
            if (!e.getKey().equals(lead)) {
                second = Math.max(second, e.getValue());
            }
        }
        return second;
    }

    /** The leader's share of the answered samples, 0 without answers. */
    public double share() {
        return order.isEmpty() ? 0 : (double) leaderCount() / order.size();
    }
}
