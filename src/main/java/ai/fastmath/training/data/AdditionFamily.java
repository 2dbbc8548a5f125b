package ai.fastmath.training.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Addition in columns with carries. Level L adds an (L+1)-digit number and an L- or (L+1)-digit one
 * (2, 3, 4 digits). Checks: subtract back, and add again in the other order.
 */
final class AdditionFamily implements Family {

    private static final List<String> TEMPLATES = List.of(
            "What is %d + %d?", "Compute %d + %d.", "Find the sum of %d and %d.", "Calculate %d plus %d.");

    @Override
    public String name() {
        return "addition";
    }

    @Override
    public Worked generate(int level, SplittableRandom random) {
        long a = Pick.digits(random, level + 1);
        long b = Pick.digits(random, level + random.nextInt(2));
        if (random.nextBoolean()) {
            long t = a;
            a = b;
            b = t;
        }
        Working w = new Working();
        w.say("I need to add " + a + " and " + b + ".");
        long sum = w.addColumns(a, b);

        Working inverse = new Working();
        inverse.say("Wait, let me double-check by subtracting: " + sum + " - " + b + " should give back " + a + ".");
        inverse.subtractColumns(sum, b);
        inverse.say("Yes, that gives back " + a + ".");

        Working redo = new Working();
        redo.say("Wait, let me add them again in the other order.");
        redo.addColumns(b, a);
        redo.say("Again " + sum + ", so the sum is right.");

        return new Worked(Pick.format(Pick.one(random, TEMPLATES), a, b), sum, w.lines(),
                List.of(inverse.lines(), redo.lines()), a + " + " + b + " = " + sum + ".");
    }
}
