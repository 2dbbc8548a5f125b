package ai.fastmath.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Exact sampling: greedy, seeded draws, and chi-square tests of the filtered distributions. */
class TokenSamplerTest {

    // p = 0.05, 0.10, 0.15, 0.30, 0.40 at temperature 1
    private static final float[] LOGITS = logits(0.05, 0.10, 0.15, 0.30, 0.40);

    @Test
    void greedyTakesTheFirstLargestLogitAndReportsItsLogprob() {
        TokenSampler s = new TokenSampler(SamplingParams.builder().logprobs(true).build(), 0);
        TokenSampler.Sample out = s.sample(new float[] {9f, 0f, 3f, 3f, -1f}, 1, 4);
        assertEquals(1, new TokenSampler(SamplingParams.greedy(1), 0).sample(new float[] {9f, 0f, 3f, 3f, -1f}, 1, 4).token());
        assertEquals(1, out.token());
        double z = 1 + Math.exp(3) * 2 + Math.exp(-1);
        assertEquals(3 - Math.log(z), out.logprob(), 1e-9, "log softmax of the chosen token");
    }

    @Test
    void sameSeedSameTokensOtherSeedOtherTokens() {
        SamplingParams p = SamplingParams.builder().temperature(1.0).build();
        assertEquals(Arrays.toString(draws(p, 3, 60)), Arrays.toString(draws(p, 3, 60)));
        assertNotEquals(Arrays.toString(draws(p, 3, 60)), Arrays.toString(draws(p, 4, 60)));
    }

    @Test
    void fullDistributionPassesChiSquare() {
        chiSquare(SamplingParams.builder().temperature(1.0).build(), new double[] {0.05, 0.10, 0.15, 0.30, 0.40});
    }

    @Test
    void temperatureSharpensTheDistribution() {
        double[] p = {0.05, 0.10, 0.15, 0.30, 0.40};
        double[] q = Arrays.stream(p).map(x -> x * x).toArray(); // temperature 0.5 squares probabilities
        double sum = Arrays.stream(q).sum();
        chiSquare(SamplingParams.builder().temperature(0.5).build(), Arrays.stream(q).map(x -> x / sum).toArray());
    }

    @Test
    void topKKeepsTheKMostLikely() {
        chiSquare(SamplingParams.builder().temperature(1.0).topK(2).build(), new double[] {0, 0, 0, 0.30 / 0.70, 0.40 / 0.70});
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // sorted: 0.40, 0.30 (0.70), 0.15 (0.85 >= 0.8): keep three
        chiSquare(SamplingParams.builder().temperature(1.0).topP(0.8).build(), new double[] {0, 0, 0.15 / 0.85, 0.30 / 0.85, 0.40 / 0.85});
    }

    @Test
    void minPDropsTokensBelowAFractionOfTheMostLikely() {
        // threshold 0.3 * 0.40 = 0.12: keeps 0.15, 0.30, 0.40
        chiSquare(SamplingParams.builder().temperature(1.0).minP(0.3).build(), new double[] {0, 0, 0.15 / 0.85, 0.30 / 0.85, 0.40 / 0.85});
    }

    @Test
    void filtersCombineInVllmOrder() {
        // min_p 0.2 keeps {0.10, 0.15, 0.30, 0.40}; top_k 3 keeps {0.15, 0.30, 0.40}; top_p 0.8 of 0.85 = 0.68: keeps {0.40, 0.30}
        chiSquare(SamplingParams.builder().temperature(1.0).minP(0.2).topK(3).topP(0.8).build(),
                new double[] {0, 0, 0, 0.30 / 0.70, 0.40 / 0.70});
    }

    @Test
    void minPShortcutDrawsExactlyWhatTheFullComputationDraws() {
        // Without logprobs, min_p > 0 weighs only the tokens it can keep; with logprobs every token
        // is weighed. Same seed, same logits: the same tokens, for every filter combination.
        java.util.Random r = new java.util.Random(7);
        int vocab = 4096;
        float[] logits = new float[vocab * 20];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (r.nextGaussian() * (1 + i % 7));
        }
        logits[5] = logits[6]; // a tie at the top of row 0
        double[][] settings = {{1.0, 0.05, 1.0, 0}, {1.0, 0.05, 0.9, 0}, {0.7, 0.01, 0.95, 40}, {1.3, 0.2, 1.0, 5}, {1.0, 1.0, 1.0, 0}};
        for (double[] c : settings) {
            SamplingParams fast = SamplingParams.builder().temperature(c[0]).minP(c[1]).topP(c[2]).topK((int) c[3]).build();
            TokenSampler a = new TokenSampler(fast, 11);
            TokenSampler b = new TokenSampler(fast.toBuilder().logprobs(true).build(), 11);
            for (int step = 0; step < 400; step++) {
                int row = step % 20;
                assertEquals(b.sample(logits, row * vocab, vocab).token(), a.sample(logits, row * vocab, vocab).token(),
                        "step " + step + " with " + java.util.Arrays.toString(c));
            }
        }
    }

    @Test
    void logprobIsUnderTheTemperatureScaledUnfilteredDistribution() {
        SamplingParams p = SamplingParams.builder().temperature(1.0).topK(1).logprobs(true).build();
        TokenSampler.Sample s = new TokenSampler(p, 1).sample(LOGITS, 0, 5);
        assertEquals(4, s.token());
        assertEquals(Math.log(0.40), s.logprob(), 1e-6);
    }

    @Test
    void invalidParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.builder().temperature(-0.1).build());
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.builder().topP(0).build());
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.builder().minP(1.5).build());
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.builder().maxTokens(0).build());
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.builder().n(0).build());
    }

    private static void chiSquare(SamplingParams params, double[] expected) {
        int n = 40_000;
        int[] counts = new int[expected.length];
        TokenSampler s = new TokenSampler(params, 11);
        for (int i = 0; i < n; i++) {
            counts[s.sample(LOGITS, 0, LOGITS.length).token()]++;
        }
        double chi2 = 0;
        int dof = -1;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == 0) {
                assertEquals(0, counts[i], "token " + i + " was filtered out");
            } else {
                chi2 += Math.pow(counts[i] - n * expected[i], 2) / (n * expected[i]);
                dof++;
            }
        }
        // 99.9th percentile of chi-square for 1..4 degrees of freedom
        double[] critical = {10.83, 13.82, 16.27, 18.47};
        if (dof > 0 && chi2 > critical[dof - 1]) {
            throw new AssertionError("chi-square " + chi2 + " with " + dof + " dof for counts " + Arrays.toString(counts));
        }
    }

    private static int[] draws(SamplingParams p, long seed, int n) {
        TokenSampler s = new TokenSampler(p, seed);
        return IntStream.range(0, n).map(i -> s.sample(LOGITS, 0, LOGITS.length).token()).toArray();
    }

    private static float[] logits(double... p) {
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (float) Math.log(p[i]);
        }
        return out;
    }
}
