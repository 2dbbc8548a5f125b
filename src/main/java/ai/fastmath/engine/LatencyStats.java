package ai.fastmath.engine;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleConsumer;

/** Count, mean, maximum and recent quantiles of a latency, in seconds; thread-safe. */
public final class LatencyStats {

    private static final int WINDOW = 4096;

    private final double[] recent = new double[WINDOW];
    private long count;
    private double sum;
    private double max;

    private final List<DoubleConsumer> listeners = new CopyOnWriteArrayList<>();

    public void record(double seconds) {
        synchronized (this) {
            recent[(int) (count % WINDOW)] = seconds;
            count++;
            sum += seconds;
            max = Math.max(max, seconds);
        }
        for (DoubleConsumer l : listeners) {
            l.accept(seconds);
        }
    }

    /** Also hands every recorded value to {@code listener} (a metrics timer, say). */
    public void subscribe(DoubleConsumer listener) {
        listeners.add(listener);
    }

    public synchronized long count() {
        return count;
    }

    public synchronized double sum() {
        return sum;
    }

    public synchronized double max() {
        return max;
    }

    public synchronized double mean() {
        return count == 0 ? 0 : sum / count;
    }

    /** The q-quantile (0..1) of the last 4096 values; 0 when empty. */
    public synchronized double quantile(double q) {
        int n = (int) Math.min(count, WINDOW);
        if (n == 0) {
            return 0;
        }
        double[] v = Arrays.copyOf(recent, n);
        Arrays.sort(v);
        return v[(int) Math.min(n - 1, Math.floor(q * n))];
    }
}
