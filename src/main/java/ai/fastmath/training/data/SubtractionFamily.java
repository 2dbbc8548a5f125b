package ai.fastmath.training.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Subtraction in columns with borrows, never negative. Level L takes an L- or (L+1)-digit number from
 * a larger one of up to L+1 digits. Checks: add back, and subtract the difference instead.
 */
final class SubtractionFamily implements Family {

    private static final List<String> TEMPLATES = List.of(
            "What is %1$d - %2$d?", "Compute %1$d - %2$d.", "Subtract %2$d from %1$d.",
            "How much is %1$d minus %2$d?", "Find the difference %1$d - %2$d.");

    @Override
    public String name() {
        return "subtraction";
    }

    @Override
    public Worked generate(int level, SplittableRandom random) {
        long a = Pick.digits(random, level + 1);
        long b = Pick.digits(random, level + random.nextInt(2));
        if (b > a) {
            long t = a;
            a = b;
            b = t;
        }
        Working w = new Working();
        long difference = w.subtract(a, b);
        Working inverse = new Working();
        inverse.add(difference, b);
        Working other = new Working();
        other.subtract(a, difference);
        return Worked.of(Pick.format(Pick.one(random, TEMPLATES), a, b), difference, w, List.of(inverse, other));
    }
}
