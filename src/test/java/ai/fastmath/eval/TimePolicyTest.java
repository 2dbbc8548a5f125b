package ai.fastmath.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The time policies as the pure functions they are. */
class TimePolicyTest {

    private static TimePolicy.State state(int total, int remaining, Duration limit, Duration left) {
        return new TimePolicy.State(total, remaining, limit, left, "p");
    }

    @Test
    void equalShareSplitsWhatIsLeft() {
        TimePolicy p = new EqualSharePolicy(8);
        TimePolicy.Allocation a = p.next(state(50, 40, Duration.ofHours(5), Duration.ofHours(4)));
        assertEquals(Duration.ofSeconds(360), a.time());
        assertEquals(8, a.samples());
        assertEquals(Duration.ofHours(1), p.next(state(50, 1, Duration.ofHours(5), Duration.ofHours(1))).time());
    }

    @ParameterizedTest(name = "AIMO2 scale: {0} s per remaining problem -> {1} samples")
    @CsvSource({"100, 10", "299, 10", "300, 12", "344, 12", "345, 15", "369, 15", "370, 16", "419, 16", "420, 17", "2000, 17"})
    void tieredFollowsTheSecondPlaceTeamsTiersAtAimoScale(int averageLeftS, int samples) {
        int remaining = 20;
        TimePolicy.Allocation a = TieredPolicy.aimo2().next(
                state(50, remaining, Duration.ofHours(5), Duration.ofSeconds((long) averageLeftS * remaining)));
        assertEquals(samples, a.samples());
        assertEquals(Duration.ofSeconds(averageLeftS), a.time(), "time is the equal share of what is left");
    }

    @ParameterizedTest(name = "a 50-second run: {0} ms per remaining problem -> {1} samples")
    @CsvSource({"800, 10", "840, 12", "960, 15", "1030, 16", "1170, 17"})
    void tieredScalesItsThresholdsToTheRunsLimit(int averageLeftMs, int samples) {
        // 50 problems in 50 s: 1 s per problem against AIMO2's 360 s, thresholds scale by 1/360
        TimePolicy.Allocation a = TieredPolicy.aimo2().next(
                state(50, 10, Duration.ofSeconds(50), Duration.ofMillis(averageLeftMs * 10L)));
        assertEquals(samples, a.samples());
    }

    @Test
    void predictedDifficultyScalesTheShareWithinBounds() {
        DifficultyPredictor predictor = problem -> switch (problem) {
            case "hard" -> OptionalDouble.of(2.0);
            case "easy" -> OptionalDouble.of(0.5);
            case "absurd" -> OptionalDouble.of(100);
            default -> OptionalDouble.empty();
        };
        TimePolicy p = new PredictedPolicy(new EqualSharePolicy(8), predictor);
        Duration left = Duration.ofSeconds(1000);
        assertEquals(Duration.ofSeconds(200), p.next(new TimePolicy.State(10, 10, left, left, "hard")).time());
        assertEquals(Duration.ofSeconds(50), p.next(new TimePolicy.State(10, 10, left, left, "easy")).time());
        assertEquals(Duration.ofSeconds(100), p.next(new TimePolicy.State(10, 10, left, left, "unknown")).time());
        assertEquals(Duration.ofSeconds(400), p.next(new TimePolicy.State(10, 10, left, left, "absurd")).time(),
                "capped at 4x the share");
        assertEquals(Duration.ofSeconds(1000), p.next(new TimePolicy.State(10, 2, left, left, "absurd")).time(),
                "never more than is left");
    }

    @Test
    void parsesPolicyNames() {
        assertEquals(new EqualSharePolicy(4), TimePolicy.parse("equal", 4, null));
        assertEquals(TieredPolicy.aimo2(), TimePolicy.parse("Tiered", 4, null));
        assertThrows(IllegalArgumentException.class, () -> TimePolicy.parse("predicted", 4, null));
        assertThrows(IllegalArgumentException.class, () -> TimePolicy.parse("greedy", 4, null));
        assertThrows(IllegalArgumentException.class, () -> state(5, 0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }
}
