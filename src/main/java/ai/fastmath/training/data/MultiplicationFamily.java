package ai.fastmath.training.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Multiplication by partial products with carries: 2-digit by 1-digit (level 1), 2-digit by 2-digit
 * (level 2), 3-digit by 2-digit (level 3). Checks: divide back by long division, and multiply the
 * other way round.
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
        w.say("I need to multiply " + x + " by " + y + ".");
        long product = w.multiplyColumns(big, small);
        if (!bigFirst) {
            w.say("So " + x + " * " + y + " = " + product + ".");
        }

        Working inverse = new Working();
        inverse.say("Wait, let me double-check by dividing: " + product + " / " + small + " should give " + big + ".");
        inverse.divideColumns(product, small);
        inverse.say("Yes, it gives " + big + ".");

        Working swapped = new Working();
        swapped.say("Wait, let me multiply the other way round: " + small + " * " + big + ".");
        swapped.multiplyColumns(small, big);
        swapped.say("Same product, " + product + ".");

        return new Worked(Pick.format(Pick.one(random, TEMPLATES), x, y), product, w.lines(),
                List.of(inverse.lines(), swapped.lines()), x + " * " + y + " = " + product + ".");
    }
}
