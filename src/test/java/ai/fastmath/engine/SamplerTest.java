package ai.fastmath.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Greedy picks the first maximum; seeded sampling is reproducible and follows the distribution. */
class SamplerTest {

    @Test
    void greedyTakesTheFirstLargestLogit() {
        assertEquals(1, Sampler.GREEDY.sample(new float[] {0f, 3f, 3f, -1f}));
        assertEquals(Sampler.GREEDY, Sampler.of(0, 5));
    }

    @Test
    void sameSeedSameTokensOtherSeedOtherTokens() {
        float[] logits = {0f, 0.5f, 1f, 0.2f, 0.9f};
        int[] a = draw(Sampler.of(1.0, 3), logits, 50);
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(draw(Sampler.of(1.0, 3), logits, 50)));
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(draw(Sampler.of(1.0, 4), logits, 50)));
    }

    @Test
    void frequenciesFollowSoftmaxOfScaledLogits() {
        float[] logits = {0f, (float) Math.log(2), (float) Math.log(5)}; // p = 1/8, 2/8, 5/8 at temperature 1
        int n = 40_000;
        int[] counts = new int[3];
        Sampler s = Sampler.of(1.0, 11);
        for (int i = 0; i < n; i++) {
            counts[s.sample(logits)]++;
        }
        double[] p = {1 / 8.0, 2 / 8.0, 5 / 8.0};
        double chi2 = IntStream.range(0, 3).mapToDouble(i -> Math.pow(counts[i] - n * p[i], 2) / (n * p[i])).sum();
        // 2 degrees of freedom: P(chi2 > 13.8) = 0.001
        if (chi2 > 13.8) {
            throw new AssertionError("chi-square " + chi2 + " for counts " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void negativeTemperatureIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Sampler.of(-0.1, 0));
    }

    private static int[] draw(Sampler s, float[] logits, int n) {
        return IntStream.range(0, n).map(i -> s.sample(logits)).toArray();
    }
}
