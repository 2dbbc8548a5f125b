package ai.fastmath.eval;

import ai.fastmath.solve.SolveRequest;
import java.time.Duration;

/**
 * How an evaluation runs.
 *
 * @param timeLimit the whole run's limit (AIMO2: 5 h)
 * @param perProblemTimeout the most one problem may take (AIMO2: 30 min)
 * @param seed the serving order's seed; sample seeds derive from it
 * @param template the request every problem is solved with (problem, samples and deadline replaced)
 * @param policy the time and sample allocation per problem
 * @param fallbackAnswer the answer written for a problem without one
 * @param reserve time held back from the problems: for a hard cut-off's grace and the final writes
 * @param minProblemTime a problem is not shown with less time than this left
 */
public record EvalSettings(Duration timeLimit, Duration perProblemTimeout, long seed, SolveRequest template,
        TimePolicy policy, String fallbackAnswer, Duration reserve, Duration minProblemTime) {

    public EvalSettings {
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("time-limit: must be positive");
        }
        if (perProblemTimeout.isNegative() || perProblemTimeout.isZero()) {
            throw new IllegalArgumentException("problem-timeout: must be positive");
        }
        if (reserve.compareTo(timeLimit) >= 0) {
            throw new IllegalArgumentException("reserve: must be less than the time limit");
        }
    }

    /** The default reserve: 2% of the limit, at least 2 s, at most 60 s (never more than half the limit). */
    public static Duration defaultReserve(Duration limit) {
        long ms = Math.max(2000, Math.min(60_000, limit.toMillis() / 50));
        return Duration.ofMillis(Math.min(ms, limit.toMillis() / 2));
    }
}
