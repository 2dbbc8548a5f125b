package ai.fastmath.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.fastmath.model.TensorRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The device sampler against the reference host sampler ({@link TokenSampler}): the same tokens and
 * log-probabilities when decoding greedily, the same distributions (chi-square) when sampling, and
 * only ids (plus asked-for log-probabilities) coming back.
 */
class LogitsSamplerTest {

    /** Probabilities 0.02 .. 0.30 over 8 tokens, as logits. */
    private static final double[] P = {0.02, 0.03, 0.05, 0.08, 0.12, 0.18, 0.22, 0.30};

    @Test
    void greedyDrawsEqualTheReferenceOnRandomRows() {
        int rows = 48;
        int vocab = 300;
        float[] logits = new float[rows * vocab];
        Random random = new Random(5);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (3 * random.nextGaussian());
        }
        logits[7 * vocab + 10] = logits[7 * vocab + 200] = 40f; // a tie: the first index wins in both
        SamplingParams greedy = SamplingParams.builder().temperature(0).logprobs(true).build();
        List<StepLogits.Draw> draws = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            draws.add(new StepLogits.Draw(r, greedy, 0));
        }
        List<TokenSampler.Sample> device = onDevice(logits, vocab, draws).samples();
        List<TokenSampler.Sample> host = new HostLogits(logits, vocab).sample(draws);
        for (int r = 0; r < rows; r++) {
            assertEquals(host.get(r).token(), device.get(r).token(), "row " + r);
            assertEquals(host.get(r).logprob(), device.get(r).logprob(), 1e-4, "row " + r);
        }
        assertEquals(10, device.get(7).token());
    }

    @Test
    void temperatureAloneMatchesTheReferenceDistribution() {
        compare(SamplingParams.builder().temperature(0.7).build());
    }

    @Test
    void minPMatchesTheReferenceDistribution() {
        compare(SamplingParams.builder().temperature(1.0).minP(0.3).build()); // keeps p >= 0.09: 5 tokens
    }

    @Test
    void topKMatchesTheReferenceDistribution() {
        compare(SamplingParams.builder().temperature(1.0).topK(3).build());
    }

    @Test
    void topPMatchesTheReferenceDistribution() {
        compare(SamplingParams.builder().temperature(1.0).topP(0.6).build()); // 0.30 + 0.22 + 0.18 reach it
    }

    @Test
    void allFiltersTogetherMatchTheReferenceDistribution() {
        compare(SamplingParams.builder().temperature(0.9).minP(0.1).topK(5).topP(0.8).build());
    }

    @Test
    void samplingWithConfidenceOnMatchesTheReferenceDistribution() {
        compare(SamplingParams.builder().temperature(0.9).minP(0.1).topK(5).topP(0.8).confidence(20, 8).build());
    }

    @Test
    void aTopPFilterKeepsExactlyTheTokensTheReferenceKeeps() {
        // top_p 0.6 of 0.30, 0.22, 0.18, ...: the mass before 0.18 is 0.52 < 0.6, before 0.12 it is 0.70
        double[] expected = new double[P.length];
        expected[7] = 0.30 / 0.70;
        expected[6] = 0.22 / 0.70;
        expected[5] = 0.18 / 0.70;
        int[] counts = deviceCounts(SamplingParams.builder().temperature(1.0).topP(0.6).build(), 20_000, 3);
        assertFits(counts, expected);
    }

    @Test
    void logprobsAreOnlyReturnedWhereAskedAndAreTheUnfilteredScaledOnes() {
        float[] logits = logits(P);
        SamplingParams asked = SamplingParams.builder().temperature(2.0).topK(2).logprobs(true).build();
        SamplingParams plain = SamplingParams.builder().temperature(2.0).topK(2).build();
        LogitsSampler.Drawn drawn = onDevice(logits, P.length, List.of(new StepLogits.Draw(0, asked, 0.1),
                new StepLogits.Draw(0, plain, 0.1)));
        TokenSampler.Sample a = drawn.samples().get(0);
        // temperature 2: p_i^(1/2) / sum_j p_j^(1/2), computed by hand from P
        double z = Arrays.stream(P).map(Math::sqrt).sum();
        assertEquals(Math.log(Math.sqrt(P[a.token()]) / z), a.logprob(), 1e-5);
        assertTrue(Double.isNaN(drawn.samples().get(1).logprob()));
        // in: row (8), 1/t, min_p (4 each), top_k (8), top_p, uniform (4 each), greedy (1) of 2 draws; out: k, 2 ids, 2 log-probabilities
        assertEquals(2 * 33 + 8 + 2 * 8 + 2 * 4, drawn.hostBytes());
    }

    @Test
    void aLargeVocabularySendsIdsNotLogits() {
        int vocab = 151_936;
        float[] logits = new float[32 * vocab];
        Random random = new Random(2);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian();
        }
        SamplingParams paper = SamplingParams.builder().temperature(0.6).topP(0.95).minP(0.05).build();
        List<StepLogits.Draw> draws = new ArrayList<>();
        for (int r = 0; r < 32; r++) {
            draws.add(new StepLogits.Draw(r, paper, (r + 0.5) / 32));
        }
        LogitsSampler.Drawn drawn = onDevice(logits, vocab, draws);
        assertEquals(32, drawn.samples().size());
        long hostCopy = new HostLogits(logits, vocab).hostBytes();
        assertEquals(19_447_808L, hostCopy); // 32 rows x 151,936 floats
        assertEquals(32 * 33 + 8 + 32 * 8, drawn.hostBytes()); // 33 bytes in a draw, k, 32 ids: 1,320
        List<TokenSampler.Sample> host = new HostLogits(logits, vocab).sample(draws);
        // min_p 0.05 of the best leaves only tokens within log(20) of it: the same few candidates, the same draws
        for (int r = 0; r < 32; r++) {
            assertEquals(host.get(r).token(), drawn.samples().get(r).token(), "row " + r);
        }
    }

    /** Device draws against reference draws: homogeneous (chi-square, 99.9%), and each against the hand-computed distribution. */
    private static void compare(SamplingParams params) {
        int n = 20_000;
        int[] device = deviceCounts(params, n, 1);
        TokenSampler reference = new TokenSampler(params, 2);
        float[] logits = logits(P);
        int[] host = new int[P.length];
        for (int i = 0; i < n; i++) {
            host[reference.sample(logits, 0, P.length).token()]++;
        }
        double chi2 = 0;
        int cells = 0;
        for (int i = 0; i < P.length; i++) {
            int both = device[i] + host[i];
            if (both == 0) {
                continue;
            }
            double e = both / 2.0; // equal sample sizes
            chi2 += Math.pow(device[i] - e, 2) / e + Math.pow(host[i] - e, 2) / e;
            cells++;
        }
        assertTrue(cells >= 3, "too few tokens kept to compare: " + Arrays.toString(device));
        assertTrue(chi2 < CRITICAL[cells - 2], "chi-square " + chi2 + " with " + (cells - 1) + " dof: device "
                + Arrays.toString(device) + ", reference " + Arrays.toString(host));
        assertFits(device, expected(params));
    }

    /** The filtered, renormalised distribution of {@link #P} under {@code params}, computed directly. */
    private static double[] expected(SamplingParams params) {
        double[] w = new double[P.length];
        double max = 0;
        for (int i = 0; i < P.length; i++) {
            w[i] = Math.pow(P[i], 1 / params.temperature());
            max = Math.max(max, w[i]);
        }
        Integer[] order = new Integer[P.length];
        for (int i = 0; i < P.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(w[b], w[a]));
        double[] kept = new double[P.length];
        int k = 0;
        for (Integer i : order) {
            if (w[i] >= params.minP() * max && (params.topK() == 0 || k < params.topK())) {
                kept[i] = w[i];
                k++;
            }
        }
        double total = Arrays.stream(kept).sum();
        double before = 0;
        double[] out = new double[P.length];
        for (Integer i : order) {
            if (kept[i] > 0 && before < params.topP() * total) {
                out[i] = kept[i];
                before += kept[i];
            }
        }
        double z = Arrays.stream(out).sum();
        return Arrays.stream(out).map(v -> v / z).toArray();
    }

    private static void assertFits(int[] counts, double[] expected) {
        int n = Arrays.stream(counts).sum();
        double chi2 = 0;
        int cells = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == 0) {
                assertEquals(0, counts[i], "token " + i + " was filtered out");
            } else {
                chi2 += Math.pow(counts[i] - n * expected[i], 2) / (n * expected[i]);
                cells++;
            }
        }
        assertTrue(chi2 < CRITICAL[cells - 2], "chi-square " + chi2 + " against " + Arrays.toString(expected)
                + " for " + Arrays.toString(counts));
    }

    /** 99.9th percentile of chi-square for 1 .. 7 degrees of freedom. */
    private static final double[] CRITICAL = {10.83, 13.82, 16.27, 18.47, 20.52, 22.46, 24.32};

    /** Counts of {@code n} device draws from {@link #P}, 2,000 to a call, uniforms from a seeded generator. */
    private static int[] deviceCounts(SamplingParams params, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] logits = logits(P);
        int[] counts = new int[P.length];
        for (int done = 0; done < n; done += 2_000) {
            List<StepLogits.Draw> draws = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                draws.add(new StepLogits.Draw(0, params, random.nextDouble()));
            }
            for (TokenSampler.Sample s : onDevice(logits, P.length, draws).samples()) {
                counts[s.token()]++;
            }
        }
        return counts;
    }

    private static LogitsSampler.Drawn onDevice(float[] logits, int vocab, List<StepLogits.Draw> draws) {
        try (NDManager m = TensorRuntime.cpu().newManager()) {
            NDArray rows = m.create(logits, new Shape(logits.length / vocab, vocab));
            return LogitsSampler.sample(rows, draws, m);
        }
    }

    private static float[] logits(double... p) {
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (float) Math.log(p[i]);
        }
        return out;
    }
}
