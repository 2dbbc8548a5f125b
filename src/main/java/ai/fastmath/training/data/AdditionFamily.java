package ai.fastmath.training.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Addition in columns with carries. Level L adds an (L+1)-digit number and an L- or (L+1)-digit one
 * (2, 3, 4 digits). Worked in columns ({@link Tape}); checks: subtract back, and add again in the other order.
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
        long sum = w.add(a, b);
        Working inverse = new Working();
        inverse.subtract(sum, b);
        Working redo = new Working();
        redo.add(b, a);
        return Worked.of(Pick.format(Pick.one(random, TEMPLATES), a, b), sum, w, List.of(inverse, redo));
    }
}
