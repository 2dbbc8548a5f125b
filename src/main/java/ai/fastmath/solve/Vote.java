package ai.fastmath.solve;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The tally of a self-consistency vote: canonical answers of finished samples in the order they
 * finished, equivalent answers grouped where the vote is given a test of sameness. Samples without an answer count as finished but vote for nothing. The leader is the most
 * common answer; a tie goes to the answer that appeared first.
 */
public final class Vote {

    /** Symbolic comparisons one vote may make: what the CAS may cost a problem is bounded. */
    public static final int MAX_COMPARISONS = 16;
    /** Once the comparisons of one vote have taken this long, it makes no more. */
    public static final long MAX_COMPARISON_NANOS = 1_000_000_000L;

    private final Map<String, Integer> tally = new LinkedHashMap<>();
    private final List<String> order = new ArrayList<>();
    private final BiPredicate<String, String> same;
    private int finished;
    private int comparisons;
    private long comparisonNanos;

    /** A vote in which answers are the same only when their canonical forms are. */
    public Vote() {
        this(null);
    }

    /**
     * A vote that groups equivalent answers ({@code 1/2}, {@code 0.5} and {@code \frac12} are one; so
     * are {@code \sqrt{8}} and {@code 2\sqrt{2}} where {@code same} says so). An answer whose canonical
     * form is already in the tally joins it at once; a new form is compared with the classes before it,
     * at most {@value #MAX_COMPARISONS} comparisons and about a second of them in all, two numbers never (their canonical forms are
     * their values). A class is named by its first answer.
     *
     * @param same whether two canonical answers are the same answer (null: only equal forms are)
     */
    public Vote(BiPredicate<String, String> same) {
        this.same = same;
    }

    /** Records a finished sample's answer (empty: it gave none). */
    public void add(Optional<String> answer) {
        finished++;
        answer.ifPresent(a -> {
            String key = classOf(a);
            tally.merge(key, 1, Integer::sum);
            order.add(key);
        });
    }

    /** The class an answer joins: its own form when it is new or nothing is equivalent to it. */
    private String classOf(String a) {
        if (same == null || tally.containsKey(a)) {
            return a;
        }
        boolean number = AnswerNormalizer.number(a).isPresent();
        for (String k : tally.keySet()) {
            if (number && AnswerNormalizer.number(k).isPresent()) {
                continue;
            }
            if (comparisons >= MAX_COMPARISONS || comparisonNanos >= MAX_COMPARISON_NANOS) {
                break;
            }
            comparisons++;
            long t0 = System.nanoTime();
            boolean equivalent = same.test(k, a);
            comparisonNanos += System.nanoTime() - t0;
            if (equivalent) {
                return k;
            }
        }
        return a;
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
