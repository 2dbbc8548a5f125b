package ai.fastmath.training.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Remainders and small modular powers. Level 1: a 3-digit number mod 3..9 by long division. Level 2:
 * a 4-digit number mod 3..12, or {@code a^e mod m} (a up to 9, e up to 6) multiplying step by step.
 * Level 3: {@code a^e mod m} (a up to 20, e 6..24, m up to 13) by repeated squaring. Every product
 * is reduced as {@code p = q * m + r}.
 */
final class ModularFamily implements Family {

    private static final List<String> REMAINDER = List.of("What is the remainder when %d is divided by %d?",
            "Find %d mod %d.", "Compute %d modulo %d.", "What is %d mod %d?");
    private static final List<String> POWER = List.of("What is %d^%d mod %d?",
            "Find the remainder when %d^%d is divided by %d.", "Compute %d^%d modulo %d.");

    @Override
    public String name() {
        return "modular";
    }

    @Override
    public Worked generate(int level, SplittableRandom random) {
        if (level == 1) {
            return remainder(Pick.digits(random, 3), Pick.between(random, 3, 9), random);
        }
        if (level == 2 && random.nextBoolean()) {
            return remainder(Pick.digits(random, 4), Pick.between(random, 3, 12), random);
        }
        int m = Pick.between(random, 3, 13);
        int a;
        do {
            a = level == 2 ? Pick.between(random, 2, 9) : Pick.between(random, 2, 20);
        } while (a % m < 2); // 0 and 1 would make every power trivial
        int e = level == 2 ? Pick.between(random, 2, 6) : Pick.between(random, 6, 24);
        String problem = Pick.format(Pick.one(random, POWER), a, e, m);
        return level == 2 ? stepByStep(problem, a, e, m) : squaring(problem, a, e, m);
    }

    private static Worked remainder(long n, long d, SplittableRandom random) {
        Working w = new Working();
        w.say("I need the remainder of " + n + " divided by " + d + ".");
        Division div = w.divideColumns(n, d);
        w.say("The remainder is " + div.remainder() + ".");

        Working back = new Working();
        back.say("Wait, let me double-check: " + d + " * " + div.quotient() + " + " + div.remainder() + " should be " + n + ".");
        long product = back.multiply(d, div.quotient());
        if (div.remainder() > 0) {
            back.add(product, div.remainder());
        }
        back.say("Yes, that is " + n + ", and " + div.remainder() + " < " + d + ".");

        Working redo = new Working();
        redo.say("Wait, let me redo the division to be sure.");
        redo.divideColumns(n, d);
        redo.say("Again the remainder is " + div.remainder() + ".");

        return new Worked(Pick.format(Pick.one(random, REMAINDER), n, d), div.remainder(), w.lines(),
                List.of(back.lines(), redo.lines()), n + " = " + d + " * " + div.quotient() + " + " + div.remainder()
                + ", so the remainder is " + div.remainder() + ".");
    }

    /** {@code a^e mod m} multiplying by {@code a} once per step. */
    private static Worked stepByStep(String problem, int a, int e, int m) {
        Working w = new Working();
        w.say("I need " + a + "^" + e + " mod " + m + ". Multiply step by step, keeping only the remainder mod " + m + ".");
        int base = reduceBase(w, a, m);
        w.say(a + "^1 mod " + m + " = " + base + ".");
        List<String> steps = new ArrayList<>();
        int acc = base;
        int last = 0;
        for (int k = 2; k <= e; k++) {
            last = acc * base;
            steps.add(a + "^" + k + ": " + acc + " * " + base + " = " + reduced(last, m) + ", so " + a + "^" + k + " mod " + m + " = " + last % m + ".");
            acc = last % m;
        }
        steps.forEach(w::say);

        Working redo = new Working();
        redo.say("Wait, let me redo the steps once more.");
        steps.forEach(redo::say);
        redo.say("Again " + acc + ".");

        Working lastStep = new Working();
        lastStep.say("Wait, let me double-check the last reduction of " + last + ".");
        checkReduction(lastStep, last, m);
        lastStep.say("Yes, " + a + "^" + e + " mod " + m + " = " + acc + ".");

        return new Worked(problem, acc, w.lines(), List.of(redo.lines(), lastStep.lines()),
                a + "^" + e + " mod " + m + " = " + acc + ".");
    }

    /** {@code a^e mod m} from the squares {@code a^1, a^2, a^4, ...} and the binary digits of {@code e}. */
    private static Worked squaring(String problem, int a, int e, int m) {
        Working w = new Working();
        w.say("I need " + a + "^" + e + " mod " + m + ". Use repeated squaring.");
        List<Integer> parts = new ArrayList<>(); // powers of two summing to e, largest first
        for (int rest = e; rest > 0; rest -= Integer.highestOneBit(rest)) {
            parts.add(Integer.highestOneBit(rest));
        }
        w.say("Write " + e + " as a sum of powers of 2: " + e + " = " + join(parts, " + ", "") + ".");
        int[] square = new int[parts.get(0) + 1]; // square[p] = a^p mod m for p a power of two
        square[1] = reduceBase(w, a, m);
        w.say(a + "^1 mod " + m + " = " + square[1] + ".");
        int lastSquare = 0;
        for (int p = 2; p <= parts.get(0); p *= 2) {
            lastSquare = square[p / 2] * square[p / 2];
            square[p] = lastSquare % m;
            w.say(a + "^" + p + ": " + square[p / 2] + " * " + square[p / 2] + " = " + reduced(lastSquare, m)
                    + ", so " + a + "^" + p + " mod " + m + " = " + square[p] + ".");
        }
        int result = square[parts.get(0)];
        List<List<String>> checks = new ArrayList<>();
        if (parts.size() > 1) {
            w.say("Now " + a + "^" + e + " = " + join(parts, " * ", a + "^") + ".");
            result = combine(w, a, m, parts, square);
            Working again = new Working();
            again.say("Wait, let me combine them again in the other order.");
            List<Integer> reversed = new ArrayList<>(parts);
            Collections.reverse(reversed);
            combine(again, a, m, reversed, square);
            again.say("Same remainder, " + result + ".");
            checks.add(again.lines());
        }
        if (lastSquare > 0) {
            Working square2 = new Working();
            square2.say("Wait, let me double-check the last squaring, " + lastSquare + " mod " + m + ".");
            checkReduction(square2, lastSquare, m);
            square2.say("Yes, that is right.");
            checks.add(square2.lines());
        }
        return new Worked(problem, result, w.lines(), checks, a + "^" + e + " mod " + m + " = " + result + ".");
    }

    /** Multiplies the squares of {@code parts} in the given order, reducing each product. */
    private static int combine(Working w, int a, int m, List<Integer> parts, int[] square) {
        int exponent = parts.get(0);
        int acc = square[exponent];
        for (int i = 1; i < parts.size(); i++) {
            int p = parts.get(i);
            int product = acc * square[p];
            exponent += p;
            w.say(a + "^" + exponent + ": " + acc + " * " + square[p] + " = " + reduced(product, m)
                    + ", so " + a + "^" + exponent + " mod " + m + " = " + product % m + ".");
            acc = product % m;
        }
        return acc;
    }

    /** {@code a mod m}, with a line when {@code a >= m}. */
    private static int reduceBase(Working w, int a, int m) {
        if (a >= m) {
            w.say(reduced(a, m) + ", so " + a + " mod " + m + " = " + a % m + ".");
        }
        return a % m;
    }

    /** {@code "p = q * m + r"}, or just {@code "p"} when {@code p < m}. */
    private static String reduced(int p, int m) {
        return p < m ? Integer.toString(p) : p + " = " + p / m + " * " + m + " + " + p % m;
    }

    /** Rechecks {@code p mod m} by computing the multiple of {@code m} and subtracting it. */
    private static void checkReduction(Working w, int p, int m) {
        if (p < m) {
            w.say(p + " < " + m + ", so it stays " + p + ".");
            return;
        }
        long multiple = w.multiply(p / m, m);
        w.subtract(p, multiple);
    }

    private static String join(List<Integer> parts, String separator, String prefix) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            b.append(i > 0 ? separator : "").append(prefix).append(parts.get(i));
        }
        return b.toString();
    }
}
