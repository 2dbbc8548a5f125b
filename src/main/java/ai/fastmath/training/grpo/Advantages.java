package ai.fastmath.training.grpo;

/**
 * GRPO's group-relative advantages: each completion's reward against the other completions of its
 * prompt, {@code (r - mean) / (std + 1e-4)} with the sample standard deviation (n - 1, as TRL), or
 * only {@code r - mean} without scaling (Dr. GRPO's fix for the difficulty bias of the std).
 */
public final class Advantages {

    static final double EPS = 1e-4;

    private Advantages() {}

    /**
     * @param rewards the step's rewards, group after group
     * @param groupSize completions per prompt
     */
    public static double[] of(double[] rewards, int groupSize, boolean scale) {
        if (groupSize < 1 || rewards.length % groupSize != 0) {
            throw new IllegalArgumentException(rewards.length + " rewards are not groups of " + groupSize);
        }
        double[] a = new double[rewards.length];
        for (int g = 0; g < rewards.length; g += groupSize) {
            double mean = 0;
            for (int i = g; i < g + groupSize; i++) {
                mean += rewards[i];
            }
            mean /= groupSize;
            double var = 0;
            for (int i = g; i < g + groupSize; i++) {
                var += (rewards[i] - mean) * (rewards[i] - mean);
            }
            double std = groupSize > 1 ? Math.sqrt(var / (groupSize - 1)) : 0;
            for (int i = g; i < g + groupSize; i++) {
                a[i] = scale ? (rewards[i] - mean) / (std + EPS) : rewards[i] - mean;
            }
        }
        return a;
    }
}
