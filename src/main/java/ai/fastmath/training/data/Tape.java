package ai.fastmath.training.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Schoolbook arithmetic written as a tape: one short line per column, each line restating what is
 * left of the operands, so that every digit a step needs sits at the end of the line before it, and
 * carrying the result built so far. A small model then only copies from the previous line and
 * applies one table fact per line; it never has to count digit positions. Every line is a true
 * arithmetic claim ({@code 13-8-1=4} is a borrow, {@code 8*6+1=49} a carry).
 *
 * <pre>
 * 3590+224: 0+4=4, 4          5072/6 is long division, digits brought down from the rest:
 * 359+22: 9+2=11, 14          50=6*8+2, 8 |72
 * 35+2: 5+2+1=8, 814          27=6*4+3, 84 |2
 * 3+0: 3+0=3, 3814            32=6*5+2, 845 |
 * 3590+224=3814               5072=6*845+2
 * </pre>
 *
 * Products of two numbers up to {@link #TABLE} and quotients by a divisor up to {@link #DIVISOR_TABLE}
 * are table facts; everything larger goes column by column.
 */
final class Tape {

    /** Products {@code a * b} with both factors up to this are one line. */
    static final long TABLE = 12;
    /** Divisors up to this divide digit by digit with a one-line fact per digit ({@code 27=6*4+3}). */
    static final long DIVISOR_TABLE = 25;

    private Tape() {}

    /** {@code a + b} column by column from the ones. */
    static long add(Working w, long a, long b) {
        if (a < 10 && b < 10) {
            w.say(a + "+" + b + "=" + (a + b));
            return a + b;
        }
        String acc = "";
        int carry = 0;
        for (long x = a, y = b; ; x /= 10, y /= 10) {
            int s = digit(x) + digit(y) + carry;
            boolean last = x < 10 && y < 10;
            acc = (last ? Integer.toString(s) : Integer.toString(s % 10)) + acc;
            w.say(x + "+" + y + ": " + digit(x) + "+" + digit(y) + (carry > 0 ? "+" + carry : "") + "=" + s + ", " + acc);
            if (last) {
                break;
            }
            carry = s / 10;
        }
        w.say(a + "+" + b + "=" + (a + b));
        return a + b;
    }

    /** {@code a - b} for {@code a >= b}, column by column; a borrow shows as {@code 13-8} and {@code -1} in the next column. */
    static long subtract(Working w, long a, long b) {
        if (a < b) {
            throw new IllegalArgumentException("subtraction needs a >= b: " + a + "-" + b);
        }
        if (a < 20 && b < 10) { // the inverse of the one-digit addition table
            w.say(a + "-" + b + "=" + (a - b));
            return a - b;
        }
        String acc = "";
        int borrow = 0;
        for (long x = a, y = b; ; x /= 10, y /= 10) {
            int top = digit(x);
            int bottom = digit(y);
            boolean borrows = top - borrow < bottom;
            int r = (borrows ? 10 : 0) + top - bottom - borrow;
            acc = r + acc;
            w.say(x + "-" + y + ": " + (borrows ? 10 + top : top) + "-" + bottom + (borrow > 0 ? "-1" : "") + "=" + r + ", " + acc);
            if (x < 10) {
                break;
            }
            borrow = borrows ? 1 : 0;
        }
        w.say(a + "-" + b + "=" + (a - b));
        return a - b;
    }

    /**
     * {@code a * b}: a table fact, a shift by a power of ten, one column pass for a single-digit
     * factor, or else one pass per non-zero digit of the factor with fewer digits, shifted, then
     * summed; the last line is always {@code a*b=p}.
     */
    static long multiply(Working w, long a, long b) {
        long big = digits(b) > digits(a) ? b : a;
        long small = big == a ? b : a;
        if ((a <= TABLE && b <= TABLE) || small <= 1 || isPowerOfTen(small)) {
            w.say(a + "*" + b + "=" + a * b);
            return a * b;
        }
        if (small < 10) {
            return byDigit(w, big, (int) small);
        }
        w.say(big + "*" + small);
        List<Long> partials = new ArrayList<>();
        long shift = 1;
        for (long rest = small; rest > 0; rest /= 10, shift *= 10) {
            int d = digit(rest);
            if (d == 0) {
                continue;
            }
            long p = byDigit(w, big, d);
            if (shift > 1) {
                w.say(big + "*" + d * shift + "=" + p * shift);
            }
            partials.add(p * shift);
        }
        long sum = partials.get(0);
        for (int i = 1; i < partials.size(); i++) {
            sum = add(w, sum, partials.get(i));
        }
        if (partials.size() > 1) {
            w.say(big + "*" + small + "=" + big * small);
        }
        return big * small;
    }

    /** {@code a * d} for a digit {@code d} and a number {@code a} past the table, from the ones with carries. */
    private static long byDigit(Working w, long a, int d) {
        if (a <= TABLE || d <= 1) {
            return fact(w, a, d);
        }
        String acc = "";
        int carry = 0;
        for (long x = a; ; x /= 10) {
            int p = digit(x) * d + carry;
            boolean last = x < 10;
            acc = (last ? Integer.toString(p) : Integer.toString(p % 10)) + acc;
            w.say(x + "*" + d + ": " + digit(x) + "*" + d + (carry > 0 ? "+" + carry : "") + "=" + p + ", " + acc);
            if (last) {
                break;
            }
            carry = p / 10;
        }
        w.say(a + "*" + d + "=" + a * d);
        return a * d;
    }

    private static long fact(Working w, long a, long b) {
        w.say(a + "*" + b + "=" + a * b);
        return a * b;
    }

    /**
     * {@code a = d * q + r}. Below {@code 10 * d}, or by 1, one line; otherwise long
     * division by a table divisor: each line brings the next digit down from the rest of {@code a}
     * (written after {@code |}), then the result line.
     */
    static Division divide(Working w, long a, long d) {
        if (d <= 0) {
            throw new IllegalArgumentException("division by " + d);
        }
        long q = a / d;
        long r = a % d;
        if (a < 10 * d || d == 1) {
            w.say(a + "=" + d + "*" + q + "+" + r);
            return new Division(q, r);
        }
        if (d > DIVISOR_TABLE) {
            throw new IllegalArgumentException("long division needs a table divisor (at most " + DIVISOR_TABLE + "): " + a + "/" + d);
        }
        String digits = Long.toString(a);
        int next = 0;
        long cur = 0;
        while (cur < d) {
            cur = cur * 10 + (digits.charAt(next++) - '0');
        }
        StringBuilder quotient = new StringBuilder();
        while (true) {
            long qd = cur / d;
            long rd = cur % d;
            quotient.append(qd);
            w.say(cur + "=" + d + "*" + qd + "+" + rd + ", " + quotient + " |" + digits.substring(next));
            if (next == digits.length()) {
                break;
            }
            cur = rd * 10 + (digits.charAt(next++) - '0');
        }
        w.say(a + "=" + d + "*" + q + "+" + r);
        return new Division(q, r);
    }

    /**
     * {@code a mod b} with its quotient, written as {@code a=b*q+r}: long division for a table
     * divisor; for a larger one the multiple {@code b*q} (when {@code q > 1}) and the difference
     * {@code a - b*q} in columns.
     */
    static Division mod(Working w, long a, long b) {
        if (b <= DIVISOR_TABLE || a < b) {
            return divide(w, a, b);
        }
        long q = a / b;
        long multiple = q == 1 ? b : multiply(w, b, q);
        long r = subtract(w, a, multiple);
        w.say(a + "=" + b + "*" + q + "+" + r);
        return new Division(q, r);
    }

    static int digits(long n) {
        return Long.toString(n).length();
    }

    private static int digit(long n) {
        return (int) (n % 10);
    }

    private static boolean isPowerOfTen(long n) {
        long p = 10;
        while (p < n) {
            p *= 10;
        }
        return p == n;
    }
}
