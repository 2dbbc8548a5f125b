package ai.fastmath.eval;

import java.time.Duration;
import java.util.Locale;

/**
 * How much of the remaining time, and how many samples, the next problem gets. A pure function of
 * the run's state (and, for a predictor, of the problem text), so policies are tested as functions.
 */
public interface TimePolicy {

    /**
     * Where the run stands when the next problem is shown.
     *
     * @param total problems in the run
     * @param remaining problems not yet answered, the next one included (at least 1)
     * @param limit the whole run's time limit
     * @param left time left for the remaining problems (the limit minus what was used and the reserve)
     * @param problem the text of the problem about to be solved
     */
    record State(int total, int remaining, Duration limit, Duration left, String problem) {
        public State {
            if (remaining < 1 || remaining > total) {
                throw new IllegalArgumentException("remaining must be 1.." + total + ", got " + remaining);
            }
        }

        /** The average time left per remaining problem, in seconds. */
        public double averageLeftS() {
            return left.toMillis() / 1000.0 / remaining;
        }
    }

    /** The next problem's time and sample count. */
    record Allocation(Duration time, int samples) {
        public Allocation {
            if (time.isNegative() || samples < 1) {
                throw new IllegalArgumentException("bad allocation " + time + ", " + samples + " samples");
            }
        }
    }

    Allocation next(State state);

    /** The policy's name with its parameters, for reports. */
    String describe();

    /**
     * Reads "equal", "tiered" or "predicted:FILE" (a JSONL of {@code {"id":..., "difficulty":...}}
     * from any difficulty predictor).
     *
     * @param samples the sample count of policies that do not choose one
     * @param predictions the predicted difficulties, by problem text (needed by "predicted")
     */
    static TimePolicy parse(String spec, int samples, DifficultyPredictor predictions) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        return switch (s.contains(":") ? s.substring(0, s.indexOf(':')) : s) {
            case "equal" -> new EqualSharePolicy(samples);
            case "tiered" -> TieredPolicy.aimo2();
            case "predicted" -> {
                if (predictions == null) {
                    throw new IllegalArgumentException("policy: predicted needs --difficulty FILE");
                }
                yield new PredictedPolicy(new EqualSharePolicy(samples), predictions);
            }
            default -> throw new IllegalArgumentException("policy: unknown '" + spec + "' (equal, tiered, predicted)");
        };
    }
}
