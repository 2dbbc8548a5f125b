package ai.fastmath.training.data;

import java.util.SplittableRandom;

/**
 * One kind of problem of the synthetic curriculum (addition, linear equations, ...): draws a problem
 * at a difficulty level 1-3 and works it out step by step. All randomness comes from the given
 * generator, so a seed fixes every problem.
 */
public interface Family {

    /** The lowest and highest difficulty level. */
    int MIN_LEVEL = 1;
    int MAX_LEVEL = 3;

    /** The family's name as written in the data files ({@code "addition"}, {@code "gcd_lcm"}, ...). */
    String name();

    /** A problem of the given level with its worked solution. */
    Worked generate(int level, SplittableRandom random);
}
