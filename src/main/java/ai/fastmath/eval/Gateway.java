package ai.fastmath.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * AIMO's gateway semantics: problems are shown one at a time in a seeded random order, each must be
 * answered before the next is shown, and there is no going back. Answers given in an earlier,
 * interrupted run of the same order are replayed, so a resumed run continues where it stopped.
 */
public final class Gateway {

    private final List<ProblemSet.Problem> problems;
    private final List<ProblemSet.Problem> order;
    private final Map<String, String> answers = new LinkedHashMap<>();
    private int position;
    private ProblemSet.Problem shown;

    /**
     * @param problems the set, in file order
     * @param seed the order's seed
     * @param earlier answers of an interrupted run, by id (skipped when serving)
     */
    public Gateway(List<ProblemSet.Problem> problems, long seed, Map<String, String> earlier) {
        this.problems = List.copyOf(problems);
        List<ProblemSet.Problem> shuffled = new ArrayList<>(problems);
        Collections.shuffle(shuffled, new Random(seed));
        this.order = List.copyOf(shuffled);
        for (ProblemSet.Problem p : order) {
            if (earlier.containsKey(p.id())) {
                answers.put(p.id(), earlier.get(p.id()));
            }
        }
    }

    /** The next unanswered problem; empty when all are answered. */
    public Optional<ProblemSet.Problem> next() {
        if (shown != null) {
            throw new IllegalStateException("problem " + shown.id() + " must be answered before the next is shown");
        }
        while (position < order.size() && answers.containsKey(order.get(position).id())) {
            position++;
        }
        if (position == order.size()) {
            return Optional.empty();
        }
        shown = order.get(position++);
        return Optional.of(shown);
    }

    /** Answers the problem shown last. */
    public void answer(String id, String answer) {
        if (shown == null || !shown.id().equals(id)) {
            throw new IllegalStateException("problem " + id + " is not the one shown ("
                    + (shown == null ? "none" : shown.id()) + ")");
        }
        answers.put(id, answer);
        shown = null;
    }

    /** The serving order's position (0-based) of a problem. */
    public int positionOf(String id) {
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no problem " + id);
    }

    /** Problems answered so far, this run's and the replayed ones. */
    public int answered() {
        return answers.size();
    }

    public int total() {
        return problems.size();
    }

    /** The problems never answered, in serving order. */
    public List<ProblemSet.Problem> unanswered() {
        return order.stream().filter(p -> !answers.containsKey(p.id())).toList();
    }

    /** Every id in file order with its answer, {@code fallback} where there is none. */
    public Map<String, String> submission(String fallback) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (ProblemSet.Problem p : problems) {
            rows.put(p.id(), answers.getOrDefault(p.id(), fallback));
        }
        return rows;
    }
}
