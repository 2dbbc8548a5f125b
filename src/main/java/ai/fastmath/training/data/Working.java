package ai.fastmath.training.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The step-by-step working of one solution: lines of text, plus the arithmetic that writes its own
 * steps. Small operations take one line (sums and differences of numbers under 100, products with
 * one factor under 10 and the other under 100, both at most 12 or a factor 10, 100, ..., divisions
 * whose check is such a product); larger ones go through {@link Columns}, one elementary operation
 * per line.
 */
final class Working {

    private final List<String> lines = new ArrayList<>();

    void say(String line) {
        lines.add(line);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    long add(long a, long b) {
        if (a < 100 && b < 100) {
            say(a + " + " + b + " = " + (a + b) + ".");
            return a + b;
        }
        return addColumns(a, b);
    }

    /** {@code a - b} for {@code a >= b}. */
    long subtract(long a, long b) {
        if (a < 100) {
            say(a + " - " + b + " = " + (a - b) + ".");
            return a - b;
        }
        return subtractColumns(a, b);
    }

    long multiply(long a, long b) {
        if (smallProduct(a, b)) {
            say(a + " * " + b + " = " + a * b + ".");
            return a * b;
        }
        return a >= b ? multiplyColumns(a, b) : multiplyColumns(b, a);
    }

    /** An exact division checked by a small product on one line, else long division. */
    Division divide(long a, long d) {
        long q = a / d;
        if (a % d == 0 && smallProduct(d, q)) {
            say(a + " / " + d + " = " + q + " because " + d + " * " + q + " = " + a + ".");
            return new Division(q, 0);
        }
        return divideColumns(a, d);
    }

    long addColumns(long a, long b) {
        return Columns.add(this, a, b);
    }

    long subtractColumns(long a, long b) {
        return Columns.subtract(this, a, b);
    }

    long multiplyColumns(long a, long b) {
        return Columns.multiply(this, a, b);
    }

    Division divideColumns(long a, long d) {
        return Columns.divide(this, a, d);
    }

    /** A product written on one line: a times-table fact or a single digit times a number under 100. */
    static boolean smallProduct(long a, long b) {
        long lo = Math.min(a, b);
        long hi = Math.max(a, b);
        return (lo < 10 && hi < 100) || hi <= 12 || powerOfTen(lo) || powerOfTen(hi);
    }

    private static boolean powerOfTen(long n) {
        for (long p = 10; p <= n; p *= 10) {
            if (p == n) {
                return true;
            }
        }
        return false;
    }
}
