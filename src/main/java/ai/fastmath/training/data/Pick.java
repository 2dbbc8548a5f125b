package ai.fastmath.training.data;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Random choices and text formatting shared by the families. */
final class Pick {

    private Pick() {}

    /** A uniform integer in {@code [lo, hi]}. */
    static int between(SplittableRandom random, int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    /** A uniform number with exactly {@code n} digits (1-digit numbers are 1..9). */
    static long digits(SplittableRandom random, int n) {
        long lo = pow10(n - 1);
        return lo + random.nextLong(9 * lo);
    }

    static <T> T one(SplittableRandom random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    /** {@link String#format} without the default locale's digits. */
    static String format(String template, Object... args) {
        return String.format(Locale.ROOT, template, args);
    }

    static String capitalized(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
