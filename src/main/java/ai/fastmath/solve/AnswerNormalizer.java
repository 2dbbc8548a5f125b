package ai.fastmath.solve;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings answers to one canonical form so that equal answers compare equal. The LaTeX dressing goes
 * first ({@link LatexCleanup}: {@code $...$}, {@code \(...\)}, {@code \text{}}, {@code \boxed{}},
 * spacing, {@code \left}/{@code \right}, {@code \$}). Then, if what is left is a number, possibly
 * after a leading {@code x =} and with one trailing unit, {@code %} or degree sign taken off
 * ({@link AnswerUnits}), its exact value is the canonical form: integers as integers, decimals and
 * fractions reduced ({@code 12.0} is {@code 12}; {@code 0.5}, {@code 1/2}, {@code \frac{2}{4}} are
 * {@code 1/2}), thousands separators and leading zeros dropped. Anything else keeps its text, whitespace
 * removed. There is no symbolic algebra: {@code \sqrt{8}} and {@code 2\sqrt{2}} differ.
 */
public final class AnswerNormalizer {

    private static final String NUM = "(-?[\\d.]+)";
    private static final Pattern FRAC = Pattern.compile("^(-)?\\\\frac(?:\\{" + NUM + "\\}|(\\d))(?:\\{" + NUM + "\\}|(\\d))$");
    private static final Pattern SLASH = Pattern.compile("^" + NUM + "/" + NUM + "$");
    // possessive: a long run of digits that is not a number fails in linear time, not by backtracking
    private static final Pattern DECIMAL = Pattern.compile("^-?(\\d++(?:\\.\\d*+)?|\\.\\d++)$");
    /** Longer than any answer; parsing and reducing a number costs time quadratic in its length. */
    public static final int MAX_NUMBER_LENGTH = 10_000;
    private static final Pattern THOUSANDS = Pattern.compile("^-?\\d{1,3}(,\\d{3})+(\\.\\d+)?$");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "^(?:[A-Za-z]|\\\\[A-Za-z]+)(?:_\\{?[A-Za-z0-9]+\\}?)?\\s*=\\s*(.+)$");

    private AnswerNormalizer() {}

    /**
     * The canonical form of an answer; empty for an empty answer. A canonical form is its own canonical
     * form: taking off one layer of dressing can bare another ({@code {5}.} leaves {@code {5}}), so the
     * cleanup repeats until nothing changes (a few passes at most).
     */
    public static String normalize(String raw) {
        if (raw == null) {
            return "";
        }
        String s = once(raw);
        for (int pass = 0; pass < 8; pass++) {
            String again = once(s);
            if (again.equals(s)) {
                break;
            }
            s = again;
        }
        return s;
    }

    private static String once(String raw) {
        String s = LatexCleanup.clean(raw);
        while (s.endsWith(".") || s.endsWith("。")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        Optional<BigFraction> v = value(s);
        if (v.isEmpty()) {
            Matcher m = ASSIGNMENT.matcher(s);
            if (m.matches()) {
                v = value(m.group(1));
            }
        }
        String text = s;
        return v.map(BigFraction::toString).orElseGet(() -> text.replaceAll("\\s+", ""));
    }

    /** The value of a cleaned answer that is a number, as it stands or with one trailing unit removed. */
    private static Optional<BigFraction> value(String s) {
        Optional<BigFraction> v = number(compact(s));
        return v.isPresent() ? v : AnswerUnits.strip(s).flatMap(rest -> number(compact(rest)));
    }

    /** Whitespace, a leading {@code +} and thousands commas removed. */
    private static String compact(String s) {
        String c = s.replaceAll("\\s+", "");
        if (c.startsWith("+")) {
            c = c.substring(1);
        }
        return THOUSANDS.matcher(c).matches() ? c.replace(",", "") : c;
    }

    /**
     * The exact value of a numeric answer in compact form (integer, decimal, {@code a/b},
     * {@code \frac{a}{b}}, {@code \frac12}, a sign before any of them), if it is one; a
     * text longer than {@value #MAX_NUMBER_LENGTH} characters is not.
     */
    public static Optional<BigFraction> number(String s) {
        if (s.length() > MAX_NUMBER_LENGTH) {
            return Optional.empty();
        }
        try {
            if (DECIMAL.matcher(s).matches()) {
                return Optional.of(BigFraction.of(new BigDecimal(s)));
            }
            Matcher m = FRAC.matcher(s);
            if (m.matches()) {
                BigFraction f = decimal(m.group(2) != null ? m.group(2) : m.group(3))
                        .divide(decimal(m.group(4) != null ? m.group(4) : m.group(5)));
                return Optional.of(m.group(1) != null ? f.negate() : f);
            }
            m = SLASH.matcher(s);
            if (m.matches()) {
                return Optional.of(decimal(m.group(1)).divide(decimal(m.group(2))));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty(); // division by zero, absurd exponents: not a number we can compare
        }
        return Optional.empty();
    }

    /**
     * AIMO's answer: an integer in 0..999. Integers map by mod 1000 (AIMO asks for the answer modulo
     * 1000 when it can exceed it); anything else has no AIMO answer.
     */
    public static Optional<Integer> aimo(String raw) {
        return number(normalize(raw))
                .filter(BigFraction::isInteger)
                .map(f -> f.numerator().mod(BigInteger.valueOf(1000)).intValue());
    }

    private static BigFraction decimal(String s) {
        return BigFraction.of(new BigDecimal(s));
    }
}
