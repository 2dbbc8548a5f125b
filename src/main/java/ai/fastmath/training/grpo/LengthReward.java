package ai.fastmath.training.grpo;

/**
 * Kimi k1.5's length penalty over a set of completions (one prompt's group, or the whole step):
 * lambda = 0.5 - (len - min) / (max - min), from 0.5 for the shortest to -0.5 for the longest; a correct
 * completion earns lambda, a wrong one min(0, lambda) (never rewarded for being short). When all
 * lengths are equal every completion gets 0.
 */
public final class LengthReward {

    private LengthReward() {}

    public static double[] of(int[] lengths, boolean[] correct) {
        double[] r = new double[lengths.length];
        if (lengths.length == 0) {
            return r;
        }
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int len : lengths) {
            min = Math.min(min, len);
            max = Math.max(max, len);
        }
        if (max == min) {
            return r;
        }
        for (int i = 0; i < lengths.length; i++) {
            double lambda = 0.5 - (double) (lengths[i] - min) / (max - min);
            r[i] = correct[i] ? lambda : Math.min(0, lambda);
        }
        return r;
    }
}
