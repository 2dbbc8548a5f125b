package ai.fastmath.solve;

import ai.fastmath.engine.ConfidenceWindow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A finished sample's token confidences and DeepConf's scores of the whole trace, over group
 * confidences (the mean of a sliding window of tokens, {@link ConfidenceWindow}): the lowest group,
 * the mean of the lowest 10% of groups, and the tail (the last window). A trace shorter than the window
 * has one group, the mean of all its tokens.
 */
public final class TraceConfidence {

    private final int window;
    private final List<Double> tokens = new ArrayList<>();

    public TraceConfidence(int window) {
        this.window = window;
    }

    /** Adds the next token's confidence. */
    public void add(double confidence) {
        tokens.add(confidence);
    }

    public int size() {
        return tokens.size();
    }

    /** Group confidences at every token where the window is full (one, the overall mean, for a short trace). */
    double[] groups() {
        ConfidenceWindow w = new ConfidenceWindow(window);
        List<Double> out = new ArrayList<>();
        for (double c : tokens) {
            double g = w.add(c);
            if (w.full()) {
                out.add(g);
            }
        }
        if (out.isEmpty()) {
            return tokens.isEmpty() ? new double[0] : new double[] {w.group()};
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The trace's score under {@code score}; NaN for a trace without tokens. */
    public double score(ConfidenceRule.Score score) {
        double[] g = groups();
        if (g.length == 0) {
            return Double.NaN;
        }
        return switch (score) {
            case LOWEST_GROUP -> Arrays.stream(g).min().orElseThrow();
            case BOTTOM_10 -> {
                double[] sorted = g.clone();
                Arrays.sort(sorted);
                int n = Math.max(1, (int) Math.ceil(0.1 * sorted.length));
                yield Arrays.stream(sorted, 0, n).average().orElseThrow();
            }
            case TAIL -> g[g.length - 1];
        };
    }
}
