package ai.fastmath.engine;

import java.util.SplittableRandom;

/**
 * Picks the next token from one row of logits. Temperature 0 is greedy (lowest index wins ties);
 * otherwise a draw from softmax(logits / temperature) with a seeded generator, so a seed reproduces
 * a sequence exactly.
 */
public interface Sampler {

    int sample(float[] logits);

    /** Greedy decoding. */
    Sampler GREEDY = Sampler::argmax;

    /** Greedy for temperature 0, seeded multinomial sampling otherwise. */
    static Sampler of(double temperature, long seed) {
        if (temperature < 0) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (temperature == 0) {
            return GREEDY;
        }
        SplittableRandom random = new SplittableRandom(seed);
        return logits -> multinomial(logits, temperature, random.nextDouble());
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Inverse-CDF draw from softmax(logits / temperature) with the uniform number {@code u}. */
    static int multinomial(float[] logits, double temperature, double u) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        double target = u * sum;
        double acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i];
            if (acc > target) {
                return i;
            }
        }
        return argmax(logits);
    }
}
