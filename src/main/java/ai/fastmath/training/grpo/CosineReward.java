package ai.fastmath.training.grpo;

/**
 * Correctness scaled by length on a cosine (the paper's cosine reward, after Yeo et al., "Demystifying
 * long chain-of-thought reasoning"). With p = min(1, length / maxLen), a correct answer earns
 * {@code minValueCorrect + (maxValueCorrect - minValueCorrect)(1 + cos(pi p)) / 2}: most when short. A wrong one earns
 * {@code maxValueWrong + (minValueWrong - maxValueWrong)(1 + cos(pi p)) / 2}: {@code minValueWrong} at length 0, rising to
 * {@code maxValueWrong} at maxLen, so a long wrong attempt is punished less than a short one.
 *
 * @param minValueWrong reward of a wrong answer of length 0 (default -1.0)
 * @param maxValueWrong reward of a wrong answer at maxLen (default -0.1)
 * @param minValueCorrect reward of a correct answer at maxLen (default 0.1)
 * @param maxValueCorrect reward of a correct answer of length 0 (default 1.0)
 * @param maxLen the length where the cosine ends (longer completions count as maxLen)
 */
public record CosineReward(double minValueWrong, double maxValueWrong, double minValueCorrect, double maxValueCorrect, int maxLen) {

    public CosineReward {
        if (maxLen < 1) {
            throw new IllegalArgumentException("cosine max_len must be >= 1");
        }
    }

    /** The paper's values for a given max length. */
    public static CosineReward defaults(int maxLen) {
        return new CosineReward(-1.0, -0.1, 0.1, 1.0, maxLen);
    }

    public double of(boolean correct, int length) {
        double p = Math.min(1.0, (double) length / maxLen);
        double half = 0.5 * (1 + Math.cos(Math.PI * p)); // 1 at length 0, 0 at maxLen
        return correct ? minValueCorrect + (maxValueCorrect - minValueCorrect) * half : maxValueWrong + (minValueWrong - maxValueWrong) * half;
    }
}
