package ai.fastmath.training.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Linear equations with a positive integer solution: {@code ax + b = c} (level 1), {@code ax + b = c}
 * or {@code ax - b = c} with larger numbers (level 2), {@code ax + b = dx + e} (level 3). Isolate x
 * with one subtraction (or addition), then one division ({@link Tape}). Checks: substitute the
 * solution back, and undo the isolating step by its inverse.
 */
final class LinearEquationFamily implements Family {

    private static final List<String> TEMPLATES = List.of(
            "Solve for x: %s.", "Find x if %s.", "If %s, what is x?", "What value of x satisfies %s?");

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public Worked generate(int level, SplittableRandom random) {
        return switch (level) {
            case 1 -> solve(Pick.between(random, 2, 9), 0, Pick.between(random, 1, 12), Pick.between(random, 1, 30), false, random);
            case 2 -> {
                int a = Pick.between(random, 2, 12);
                int x = Pick.between(random, 2, 40);
                boolean minus = random.nextBoolean();
                int b = minus ? Pick.between(random, 1, a * x - 1) : Pick.between(random, 1, 99);
                yield solve(a, 0, x, b, minus, random);
            }
            default -> {
                int a = Pick.between(random, 3, 12);
                yield solve(a, Pick.between(random, 1, a - 1), Pick.between(random, 1, 30), Pick.between(random, 1, 60), false, random);
            }
        };
    }

    /** Solves {@code ax ± b = dx + e} (no x on the right when {@code d == 0}) for the drawn {@code x}. */
    private static Worked solve(long a, long d, long x, long b, boolean minus, SplittableRandom random) {
        long k = a - d;
        long right = minus ? k * x - b : k * x + b;
        String left = term(a) + (minus ? " - " : " + ") + b;
        String equation = left + " = " + (d == 0 ? "" : term(d) + " + ") + right;
        Working w = new Working();
        w.say(equation.replace(" ", ""));
        if (d > 0) {
            w.subtract(a, d);
            w.say(term(k) + "+" + b + "=" + right);
        }
        w.say(term(k) + "=" + right + (minus ? "+" : "-") + b);
        long isolated = minus ? w.add(right, b) : w.subtract(right, b);
        w.say(term(k) + "=" + isolated);
        if (k > 1) {
            w.divide(isolated, k);
            w.say("x=" + x);
        }

        Working substitute = new Working();
        long ax = substitute.multiply(a, x);
        if (minus) {
            substitute.subtract(ax, b);
        } else {
            substitute.add(ax, b);
        }
        if (d > 0) {
            substitute.add(substitute.multiply(d, x), right);
        }
        Working inverse = new Working();
        if (minus) {
            inverse.subtract(isolated, b);
        } else {
            inverse.add(isolated, b);
        }
        return Worked.of(Pick.format(Pick.one(random, TEMPLATES), equation), x, w, List.of(substitute, inverse));
    }

    private static String term(long coefficient) {
        return coefficient == 1 ? "x" : coefficient + "x";
    }
}
