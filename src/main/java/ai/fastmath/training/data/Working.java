package ai.fastmath.training.data;

import java.util.ArrayList;
import java.util.List;

/** The step-by-step working of one solution: lines of text, plus the arithmetic ({@link Tape}) that writes its own lines. */
final class Working {

    private final List<String> lines = new ArrayList<>();

    void say(String line) {
        lines.add(line);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    long add(long a, long b) {
        return Tape.add(this, a, b);
    }

    /** {@code a - b} for {@code a >= b}. */
    long subtract(long a, long b) {
        return Tape.subtract(this, a, b);
    }

    long multiply(long a, long b) {
        return Tape.multiply(this, a, b);
    }

    /** {@code a = d * q + r} by a divisor of the division table (or any divisor when {@code a < 10 * d}). */
    Division divide(long a, long d) {
        return Tape.divide(this, a, d);
    }

    /** {@code a = b * q + r} for any {@code b}: long division, or multiple and difference. */
    Division mod(long a, long b) {
        return Tape.mod(this, a, b);
    }
}
