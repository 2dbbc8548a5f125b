package ai.fastmath.training.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Multiplication by partial products with carries: 2-digit by 1-digit (level 1), 2-digit by 2-digit
 * (level 2), 3-digit by 2-digit (level 3), by partial products ({@link Tape}). Check: divide back by a
 * table divisor, else multiply again.
 */
final class MultiplicationFamily implements Family {

    private static final List<String> TEMPLATES = List.of(
            "What is %d * %d?", "Compute %d * %d.", "Find the product of %d and %d.", "Calculate %d times %d.");

    @Override
    public String name() {
        return "multiplication";
    }

    @Override
    public Worked generate(int level, SplittableRandom random) {
        long big = Pick.digits(random, level == 3 ? 3 : 2);
        long small = level == 1 ? Pick.between(random, 2, 9) : Pick.digits(random, 2);
        boolean bigFirst = random.nextBoolean();
        long x = bigFirst ? big : small;
        long y = bigFirst ? small : big;
        Working w = new Working();
        long product = w.multiply(x, y);
        Working again = new Working();
        if (small <= Tape.DIVISOR_TABLE) {
            again.divide(product, small);
        } else {
            again.multiply(y, x);
        }
        return Worked.of(Pick.format(Pick.one(random, TEMPLATES), x, y), product, w, List.of(again));
    }
}
