package ai.fastmath.eval;

import java.time.Duration;

/**
 * Scales a base policy's time by a predicted difficulty: a problem predicted twice as hard as the
 * average gets twice the base share (bounded by {@link #MAX_FACTOR}, and never more than is left),
 * an easy one less, so the time saved carries over to the problems that follow. Problems the
 * predictor knows nothing about get the base allocation.
 */
public record PredictedPolicy(TimePolicy base, DifficultyPredictor predictor) implements TimePolicy {

    /** The largest multiple of the base share one problem can get. */
    public static final double MAX_FACTOR = 4;
    /** The smallest. */
    public static final double MIN_FACTOR = 0.25;

    @Override
    public Allocation next(State s) {
        Allocation a = base.next(s);
        double factor = predictor.difficulty(s.problem()).orElse(1.0);
        factor = Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, factor));
        long ms = Math.min(s.left().toMillis(), Math.round(a.time().toMillis() * factor));
        return new Allocation(Duration.ofMillis(ms), a.samples());
    }

    @Override
    public String describe() {
        return base.describe() + ", scaled by predicted difficulty";
    }
}
