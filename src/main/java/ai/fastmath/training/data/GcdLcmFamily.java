package ai.fastmath.training.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Greatest common divisors by the Euclidean algorithm (one division step a line) and least common
 * multiples as {@code a / gcd * b}. Level 1: gcd of numbers 10..60. Level 2: gcd of 20..99 or lcm of
 * 4..20. Level 3: gcd of 100..400 or lcm of 10..60. Checks: divide by the result, and run the
 * algorithm again.
 */
final class GcdLcmFamily implements Family {

    private static final List<String> GCD = List.of("What is the greatest common divisor of %d and %d?",
            "Find gcd(%d, %d).", "Compute the GCD of %d and %d.");
    private static final List<String> LCM = List.of("What is the least common multiple of %d and %d?",
            "Find lcm(%d, %d).", "Compute the LCM of %d and %d.");

    @Override
    public String name() {
        return "gcd_lcm";
    }

    @Override
    public Worked generate(int level, SplittableRandom random) {
        boolean lcm = level > 1 && random.nextBoolean();
        int lo = lcm ? (level == 2 ? 4 : 10) : new int[] {10, 20, 100}[level - 1];
        int hi = lcm ? (level == 2 ? 20 : 60) : new int[] {60, 99, 400}[level - 1];
        long a;
        long b;
        do {
            a = Pick.between(random, lo, hi);
            b = Pick.between(random, lo, hi);
            if (random.nextInt(10) < 7) { // most pairs share a factor: gcd 1 every time teaches little
                int g = Pick.between(random, 2, Math.min(12, hi / 2));
                a -= a % g;
                b -= b % g;
            }
        } while (a == b || Math.min(a, b) < lo);
        return lcm ? lcm(a, b, random) : gcd(a, b, random);
    }

    private static Worked gcd(long a, long b, SplittableRandom random) {
        Working w = new Working();
        w.say("I need the greatest common divisor of " + a + " and " + b + ".");
        long g = euclid(w, a, b);
        w.say("So gcd(" + a + ", " + b + ") = " + g + ".");

        Working divides = new Working();
        divides.say("Wait, let me double-check that " + g + " divides both numbers.");
        long p = divides.divide(a, g).quotient();
        long q = divides.divide(b, g).quotient();
        divides.say("Both divide exactly, and " + p + " and " + q + " have no common factor, so the gcd is " + g + ".");

        Working again = new Working();
        again.say("Wait, let me run the algorithm once more to be sure.");
        euclid(again, a, b);

        return new Worked(Pick.format(Pick.one(random, GCD), a, b), g, w.lines(),
                List.of(divides.lines(), again.lines()), "gcd(" + a + ", " + b + ") = " + g + ".");
    }

    private static Worked lcm(long a, long b, SplittableRandom random) {
        Working w = new Working();
        w.say("I need the least common multiple of " + a + " and " + b + ". First find the gcd.");
        long g = euclid(w, a, b);
        w.say("Then lcm(" + a + ", " + b + ") = " + a + " / " + g + " * " + b + ".");
        long l = w.multiply(w.divide(a, g).quotient(), b);
        w.say("So lcm(" + a + ", " + b + ") = " + l + ".");

        Working multiple = new Working();
        multiple.say("Wait, let me double-check that " + l + " is a multiple of both numbers.");
        multiple.divide(l, a);
        multiple.divide(l, b);
        multiple.say("Yes, both divide " + l + " exactly.");

        Working again = new Working();
        again.say("Wait, let me run the algorithm for the gcd once more.");
        euclid(again, a, b);

        return new Worked(Pick.format(Pick.one(random, LCM), a, b), l, w.lines(),
                List.of(multiple.lines(), again.lines()), "lcm(" + a + ", " + b + ") = " + l + ".");
    }

    /** The Euclidean algorithm on the larger and the smaller number, one division a line. */
    private static long euclid(Working w, long a, long b) {
        long big = Math.max(a, b);
        long small = Math.min(a, b);
        w.say("Use the Euclidean algorithm on " + big + " and " + small + ".");
        while (small > 0) {
            long q = big / small;
            long r = big - q * small;
            w.say(big + " / " + small + ": " + small + " * " + q + " = " + q * small + ", " + big + " - " + q * small + " = " + r + ".");
            big = small;
            small = r;
        }
        w.say("The remainder is 0, so the gcd is " + big + ".");
        return big;
    }
}
