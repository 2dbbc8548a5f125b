package ai.fastmath.training.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Greatest common divisors by the Euclidean algorithm (each step {@code a=b*q+r} worked by {@link Tape})
 * and least common multiples as {@code a / gcd * b}. Level 1: gcd of numbers 10..60. Level 2: gcd of 20..99 or lcm of
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
        long g = euclid(w, a, b);
        w.say("gcd(" + a + "," + b + ")=" + g);

        Working again = new Working();
        euclid(again, a, b);
        if (g == 1) {
            return Worked.of(Pick.format(Pick.one(random, GCD), a, b), g, w, List.of(again));
        }
        Working divides = new Working();
        divides.mod(a, g);
        divides.mod(b, g);
        return Worked.of(Pick.format(Pick.one(random, GCD), a, b), g, w, List.of(divides, again));
    }

    private static Worked lcm(long a, long b, SplittableRandom random) {
        Working w = new Working();
        w.say("lcm(" + a + "," + b + ")");
        long g = euclid(w, a, b);
        w.say("gcd(" + a + "," + b + ")=" + g);
        long l;
        if (g == 1) {
            w.say("lcm=" + a + "*" + b);
            l = w.multiply(a, b);
        } else {
            w.say("lcm=" + a + "/" + g + "*" + b);
            l = w.multiply(w.mod(a, g).quotient(), b);
        }
        w.say("lcm(" + a + "," + b + ")=" + l);

        Working again = new Working();
        euclid(again, a, b);
        return Worked.of(Pick.format(Pick.one(random, LCM), a, b), l, w, List.of(again));
    }

    /** The Euclidean algorithm: {@code gcd(a,b)}, then one step {@code a=b*q+r} and {@code gcd(b,r)} a line each until r is 0. */
    private static long euclid(Working w, long a, long b) {
        long big = Math.max(a, b);
        long small = Math.min(a, b);
        w.say("gcd(" + a + "," + b + ")");
        if (big != a) {
            w.say("gcd(" + big + "," + small + ")");
        }
        while (small > 0) {
            long r = w.mod(big, small).remainder();
            big = small;
            small = r;
            w.say("gcd(" + big + "," + small + ")");
        }
        return big;
    }
}
