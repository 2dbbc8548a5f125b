package ai.fastmath.training.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Schoolbook column arithmetic written into a {@link Working}, one elementary operation per line:
 * addition with carries, subtraction with borrows, multiplication by partial products, long division
 * one digit at a time. Numbers are non-negative.
 */
final class Columns {

    private static final String[] PLACES = {"Ones", "Tens", "Hundreds", "Thousands", "Ten thousands",
        "Hundred thousands", "Millions", "Ten millions", "Hundred millions"};

    private Columns() {}

    static long add(Working w, long a, long b) {
        w.say("Add " + a + " + " + b + " in columns:");
        int n = Math.max(length(a), length(b));
        int carry = 0;
        for (int i = 0; i < n; i++) {
            int s = digit(a, i) + digit(b, i) + carry;
            String sum = digit(a, i) + " + " + digit(b, i) + (carry > 0 ? " + " + carry : "") + " = " + s;
            boolean carries = s >= 10 && i < n - 1;
            w.say(place(i) + ": " + sum + ", write " + (carries ? s % 10 + ", carry 1." : s + "."));
            carry = s / 10;
        }
        w.say("So " + a + " + " + b + " = " + (a + b) + ".");
        return a + b;
    }

    static long subtract(Working w, long a, long b) {
        if (a < b) {
            throw new IllegalArgumentException("column subtraction needs a >= b: " + a + " - " + b);
        }
        w.say("Subtract " + a + " - " + b + " in columns:");
        int borrow = 0;
        for (int i = 0; i < length(a); i++) {
            int top = digit(a, i);
            int bottom = digit(b, i);
            StringBuilder line = new StringBuilder(place(i)).append(": ");
            int borrowOut = 0;
            if (borrow == 1 && top == 0) {
                line.append("0 - 1 needs a borrow, 10 - 1 = 9, then ");
                top = 9;
                borrowOut = 1;
            } else if (borrow == 1) {
                line.append(top).append(" - 1 = ").append(top - 1).append(" after the borrow, then ");
                top -= 1;
            }
            if (top < bottom) {
                line.append(top).append(" < ").append(bottom).append(", so borrow: ")
                        .append(top + 10).append(" - ").append(bottom).append(" = ").append(top + 10 - bottom).append('.');
                borrowOut = 1;
            } else {
                line.append(top).append(" - ").append(bottom).append(" = ").append(top - bottom).append('.');
            }
            w.say(line.toString());
            borrow = borrowOut;
        }
        w.say("So " + a + " - " + b + " = " + (a - b) + ".");
        return a - b;
    }

    /**
     * {@code a * b} by the digits of {@code b}: one partial product per digit (on one line when
     * {@code a} is under 100, else digit by digit), then their sum. A single-digit {@code b} is
     * always worked digit by digit.
     */
    static long multiply(Working w, long a, long b) {
        if (b < 10) {
            return byDigit(w, a, (int) b);
        }
        w.say("Multiply " + a + " * " + b + " by the digits of " + b + ":");
        List<Long> partials = new ArrayList<>();
        long shift = 1;
        for (int i = 0; i < length(b); i++, shift *= 10) {
            int d = digit(b, i);
            long p;
            if (a < 100) {
                p = a * d;
                w.say(a + " * " + d + " = " + p + ".");
            } else {
                p = byDigit(w, a, d);
            }
            if (i > 0 && d > 0) {
                w.say("So " + a + " * " + d * shift + " = " + p * shift + ".");
            }
            if (p > 0) {
                partials.add(p * shift);
            }
        }
        long sum = partials.isEmpty() ? 0 : partials.get(0);
        for (int i = 1; i < partials.size(); i++) {
            sum = add(w, sum, partials.get(i));
        }
        if (partials.size() > 1) {
            w.say("So " + a + " * " + b + " = " + a * b + ".");
        }
        return a * b;
    }

    /** {@code a * d} for a single digit {@code d}, carrying from the ones up. */
    private static long byDigit(Working w, long a, int d) {
        if (d <= 1 || a < 10) {
            w.say(a + " * " + d + " = " + a * d + ".");
            return a * d;
        }
        w.say(a + " * " + d + " digit by digit:");
        int carry = 0;
        int n = length(a);
        for (int i = 0; i < n; i++) {
            int x = digit(a, i) * d + carry;
            String product = digit(a, i) + " * " + d + (carry > 0 ? " + " + carry : "") + " = " + x;
            boolean carries = x >= 10 && i < n - 1;
            w.say(product + ", write " + (carries ? x % 10 + ", carry " + x / 10 + "." : x + "."));
            carry = x / 10;
        }
        w.say("So " + a + " * " + d + " = " + a * d + ".");
        return a * d;
    }

    /** Long division of {@code a} by {@code d}, one digit of {@code a} at a time. */
    static Division divide(Working w, long a, long d) {
        w.say("Divide " + a + " by " + d + " digit by digit:");
        String digits = Long.toString(a);
        long current = 0;
        boolean started = false;
        for (int i = 0; i < digits.length(); i++) {
            current = current * 10 + (digits.charAt(i) - '0');
            if (!started && current < d && i < digits.length() - 1) {
                w.say(current + " < " + d + ", take one more digit.");
                continue;
            }
            started = true;
            long q = current / d;
            long r = current - q * d;
            if (q == 0) {
                w.say(current + " < " + d + ", write 0.");
            } else {
                w.say(current + " / " + d + ": " + d + " * " + q + " = " + d * q + ", "
                        + current + " - " + d * q + " = " + r + ", write " + q + ".");
            }
            current = r;
        }
        Division result = new Division(a / d, a % d);
        w.say(result.remainder() == 0 ? "So " + a + " / " + d + " = " + result.quotient() + "."
                : "So " + a + " = " + d + " * " + result.quotient() + " + " + result.remainder() + ".");
        return result;
    }

    private static int length(long n) {
        return Long.toString(n).length();
    }

    /** The digit of {@code n} at place {@code i} (0 = ones); 0 beyond its length. */
    private static int digit(long n, int i) {
        return (int) (n / Pick.pow10(i) % 10);
    }

    private static String place(int i) {
        return i < PLACES.length ? PLACES[i] : "Place " + (i + 1);
    }
}
