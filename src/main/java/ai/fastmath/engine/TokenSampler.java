package ai.fastmath.engine;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Samples the next token of one sequence from a row of logits, on the host, exactly: temperature,
 * then min_p (relative to the most likely token), then top_k, then top_p over what is left,
 * renormalised; then one inverse-CDF draw with a uniform number from the sequence's own seeded
 * generator. A sequence's draws therefore depend only on its logits and its seed, never on its batch
 * neighbours. The engine draws the uniform number here and samples wherever the logits are
 * ({@link StepLogits}); this host sampler is the reference the device sampler ({@link LogitsSampler}) is tested against.
 */
public final class TokenSampler {

    /**
     * A sampled token, its log-probability under the temperature-scaled, unfiltered distribution, and
     * the confidence of the step it was drawn at ({@link #confidence}; NaN unless asked for).
     */
    public record Sample(int token, double logprob, double confidence) {

        public Sample(int token, double logprob) {
            this(token, logprob, Double.NaN);
        }

        Sample withConfidence(double c) {
            return new Sample(token, logprob, c);
        }
    }

    /**
     * DeepConf's token confidence of a row of logits: minus the mean log-probability of its {@code k}
     * most likely tokens under the model's own distribution (temperature 1, unfiltered). A peaked
     * distribution has a high confidence, a flat one a low one.
     */
    public static double confidence(float[] logits, int offset, int vocab, int k) {
        int top = Math.min(k, vocab);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double z = 0;
        for (int i = 0; i < vocab; i++) {
            z += Math.exp(logits[offset + i] - max);
        }
        double logZ = max + Math.log(z);
        // the k largest logits, kept ascending in a small array: one pass, no sort of the row
        float[] best = new float[top];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < vocab; i++) {
            float l = logits[offset + i];
            if (l > best[0]) {
                int j = 1;
                while (j < top && best[j] < l) {
                    best[j - 1] = best[j];
                    j++;
                }
                best[j - 1] = l;
            }
        }
        double sum = 0;
        for (float l : best) {
            sum += l - logZ;
        }
        return -sum / top;
    }

    /** Per-thread scratch for the unnormalised probabilities: the engine samples on one thread. */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    private final SamplingParams params;
    private final SplittableRandom random;

    public TokenSampler(SamplingParams params, long seed) {
        this.params = params;
        this.random = new SplittableRandom(seed);
    }

    /** Samples from {@code logits[offset .. offset + vocab)} with the next number of this sampler's generator. */
    public Sample sample(float[] logits, int offset, int vocab) {
        return sample(params, logits, offset, vocab, nextUniform());
    }

    /**
     * The uniform number in [0, 1) the next draw uses: from the seeded generator when the request
     * samples (temperature above 0), 0 for greedy decoding, which draws nothing.
     */
    public double nextUniform() {
        return params.temperature() > 0 ? random.nextDouble() : 0;
    }

    /** Samples from {@code logits[offset .. offset + vocab)} with the uniform number {@code u} in [0, 1). */
    public static Sample sample(SamplingParams params, float[] logits, int offset, int vocab, double u) {
        int argmax = offset;
        for (int i = offset + 1; i < offset + vocab; i++) {
            if (logits[i] > logits[argmax]) {
                argmax = i;
            }
        }
        if (params.temperature() == 0 && !params.logprobs()) {
            return new Sample(argmax - offset, Double.NaN);
        }
        double t = params.temperature() == 0 ? 1 : params.temperature();
        double max = logits[argmax] / t;
        if (Double.isInfinite(max)) {
            // a temperature so small (1e-320) that logits / t overflow: every weight would be NaN or 0 and
            // nothing would survive the filters; the limit of such a distribution is the argmax, with probability 1
            return new Sample(argmax - offset, 0.0);
        }
        // unnormalised probabilities w_i = exp(l_i / t - max), the largest being 1
        double[] w = SCRATCH.get();
        if (w.length < vocab) {
            w = new double[vocab];
            SCRATCH.set(w);
        }
        if (params.temperature() > 0 && params.minP() > 0 && !params.logprobs()) {
            // No normaliser needed: weigh only the tokens min_p can keep. A token whose logit is below
            // t (max + log(min_p)), less a margin for rounding, has w_i < min_p; the rest are weighed
            // and tested exactly as below, so the draw is the same, for thousands fewer exps.
            double cut = t * (max + Math.log(params.minP())); // in logits: l_i < cut means w_i < min_p
            float below = (float) (cut - 1e-6 * (Math.abs(cut) + 1)); // a margin for rounding
            int[] kept = new int[16];
            int n = 0;
            for (int i = 0; i < vocab; i++) {
                if (logits[offset + i] >= below) {
                    w[i] = Math.exp(logits[offset + i] / t - max);
                    if (w[i] >= params.minP()) {
                        if (n == kept.length) {
                            kept = Arrays.copyOf(kept, 2 * n);
                        }
                        kept[n++] = i;
                    }
                }
            }
            return new Sample(draw(w, topFiltered(params, w, Arrays.copyOf(kept, n)), u), Double.NaN);
        }
        double z = 0;
        for (int i = 0; i < vocab; i++) {
            w[i] = Math.exp(logits[offset + i] / t - max);
            z += w[i];
        }
        if (params.temperature() == 0) {
            int token = argmax - offset;
            return new Sample(token, -Math.log(z));
        }
        int token = draw(w, candidates(params, w, vocab), u);
        return new Sample(token, Math.log(w[token] / z));
    }

    private static int draw(double[] w, int[] kept, double uniform) {
        double total = 0;
        for (int i : kept) {
            total += w[i];
        }
        double u = uniform * total;
        double acc = 0;
        for (int i : kept) {
            acc += w[i];
            if (acc > u) {
                return i;
            }
        }
        return kept[kept.length - 1];
    }

    /** Tokens that survive min_p, top_k and top_p; sorted by probability when a sort was needed. */
    private static int[] candidates(SamplingParams params, double[] w, int vocab) {
        int n = 0;
        int[] kept = new int[vocab];
        for (int i = 0; i < vocab; i++) {
            if (w[i] >= params.minP()) { // w of the most likely token is 1
                kept[n++] = i;
            }
        }
        return topFiltered(params, w, Arrays.copyOf(kept, n));
    }

    /** Of the tokens min_p kept (in index order), those top_k and top_p keep. */
    private static int[] topFiltered(SamplingParams params, double[] w, int[] kept) {
        boolean topK = params.topK() > 0 && params.topK() < kept.length;
        if (!topK && params.topP() >= 1) {
            return kept;
        }
        int[] sorted = topK ? largest(w, kept, params.topK()) : sortDescending(w, kept);
        if (params.topP() >= 1) {
            return sorted;
        }
        double total = 0;
        for (int i : sorted) {
            total += w[i];
        }
        double acc = 0;
        for (int j = 0; j < sorted.length; j++) {
            acc += w[sorted[j]];
            if (acc >= params.topP() * total) {
                return Arrays.copyOf(sorted, j + 1);
            }
        }
        return sorted;
    }

    /** Indices sorted by weight, largest first, ties by lower index. */
    static int[] sortDescending(double[] w, int[] idx) {
        long[] keys = new long[idx.length];
        for (int j = 0; j < idx.length; j++) {
            // weights are in (0, 1]: their float bits order like the values; invert for descending
            int bits = Float.floatToIntBits((float) w[idx[j]]);
            keys[j] = ((long) (Integer.MAX_VALUE - bits) << 32) | idx[j];
        }
        Arrays.sort(keys);
        int[] out = new int[idx.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = (int) keys[j];
        }
        return out;
    }

    /** The k heaviest of {@code idx}, largest first. */
    private static int[] largest(double[] w, int[] idx, int k) {
        PriorityQueue<Integer> heap = new PriorityQueue<>(k, (a, b) -> a.equals(b) ? 0
                : w[a] != w[b] ? Double.compare(w[a], w[b]) : Integer.compare(b, a));
        for (int i : idx) {
            if (heap.size() < k) {
                heap.add(i);
            } else if (w[i] > w[heap.peek()]) {
                heap.poll();
                heap.add(i);
            }
        }
        int[] top = heap.stream().mapToInt(Integer::intValue).toArray();
        return sortDescending(w, top);
    }
}
