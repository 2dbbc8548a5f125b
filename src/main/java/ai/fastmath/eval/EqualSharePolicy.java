package ai.fastmath.eval;

import java.time.Duration;

/** Every remaining problem gets the same share of the time left, and a fixed sample count. */
public record EqualSharePolicy(int samples) implements TimePolicy {

    public EqualSharePolicy {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
    }

    @Override
    public Allocation next(State s) {
        return new Allocation(Duration.ofMillis(s.left().toMillis() / s.remaining()), samples);
    }

    @Override
    public String describe() {
        return "equal share, " + samples + " samples";
    }
}
