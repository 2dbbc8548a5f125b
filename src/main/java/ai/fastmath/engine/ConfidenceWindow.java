package ai.fastmath.engine;

/**
 * DeepConf's group confidence of one sequence: the mean token confidence over a sliding window of
 * its last {@code size} tokens (over all of them while there are fewer).
 */
public final class ConfidenceWindow {

    private final double[] ring;
    private long count;
    private double sum;

    public ConfidenceWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("window must be at least 1 token, got " + size);
        }
        this.ring = new double[size];
    }

    /** Adds the next token's confidence; returns the group confidence after it. */
    public double add(double confidence) {
        int slot = (int) (count % ring.length);
        if (count >= ring.length) {
            sum -= ring[slot];
        }
        ring[slot] = confidence;
        sum += confidence;
        count++;
        return group();
    }

    /** Mean confidence of the last {@code size} tokens (of all so far while fewer); NaN before the first. */
    public double group() {
        return count == 0 ? Double.NaN : sum / Math.min(count, ring.length);
    }

    /** Whether the window holds {@code size} tokens. */
    public boolean full() {
        return count >= ring.length;
    }
}
