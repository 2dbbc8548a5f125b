package ai.fastmath.training.data;

/**
 * How traces are laid out: {@code verifyShare} of the traces carry re-verifications ("Wait, let me
 * double-check ..."), {@code twoChecksShare} of those carry two rather than one, a verified trace is
 * at most {@code maxLengthRatio} times as long as the same trace without checks (the longest check is
 * dropped until it fits), and {@code boxInThinkShare} of the traces also box the answer on the last
 * line inside the think block.
 */
public record CurriculumConfig(double verifyShare, double twoChecksShare, double maxLengthRatio, double boxInThinkShare) {

    /** About 35% verified traces (40% of them twice), at most 3x as long; 20% with a box inside the think block. */
    public static final CurriculumConfig DEFAULT = new CurriculumConfig(0.35, 0.4, 3.0, 0.2);

    public CurriculumConfig {
        for (double share : new double[] {verifyShare, twoChecksShare, boxInThinkShare}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("shares must lie in [0, 1], got " + share);
            }
        }
        if (!(maxLengthRatio >= 1)) {
            throw new IllegalArgumentException("maxLengthRatio must be at least 1, got " + maxLengthRatio);
        }
    }
}
