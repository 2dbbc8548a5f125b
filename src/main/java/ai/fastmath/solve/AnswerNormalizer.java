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
 * {@code 1/2}), thousands separators and leading zeros dropped, a decimal comma read as a point, one
 * pair of parentheses around a number dropped. Anything else keeps its text, whitespace removed (but
 * for one space after a comma or a command); whether two such texts are the same answer is for
 * {@link AnswerChecker} to decide (symbolically, {@link SymbolicEquality}).
 */
public final class AnswerNormalizer {

    private static final String NUM = "(-?[\\d.]+)";
    private static final Pattern FRAC = Pattern.compile("^(-)?\\\\frac(?:\\{" + NUM + "\\}|(\\d))(?:\\{" + NUM + "\\}|(\\d))$");
    private static final Pattern SLASH = Pattern.compile("^" + NUM + "/" + NUM + "$");
    // possessive: a long run of digits that is not a number fails in linear time, not by backtracking
    private static final Pattern DECIMAL = Pattern.compile("^-?(\\d++(?:\\.\\d*+)?|\\.\\d++)$");
    /** Longer than any answer; parsing and reducing a number costs time quadratic in its length. */
    public static final int MAX_NUMBER_LENGTH = 10_000;
    /** A repeating decimal: {@code 0.\\overline{3}}, {@code 1.1\\overline{6}} (also {@code \\dot}). */
    private static final Pattern REPEATING = Pattern.compile("^(-)?(\\d*)\\.(\\d*)\\\\(?:overline|dot)\\{(\\d+)\\}$");
    private static final Pattern THOUSANDS = Pattern.compile("^-?\\d{1,3}(,\\d{3})+(\\.\\d+)?$");
    /** A comma after 0 or after four digits or more cannot group thousands: a decimal comma (1,5 stays a list). */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("^-?(?:0|\\d{4,}),\\d+$");
    private static final Pattern EUROPEAN = Pattern.compile("^-?\\d{1,3}(\\.\\d{3})+,\\d+$");
    private static final Pattern COMMAND_SPACE = Pattern.compile("(\\\\[A-Za-z]+)\\s+(?=[A-Za-z])");
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
        if (v.isEmpty()) {
            v = parenthesized(s).flatMap(AnswerNormalizer::value);
        }
        String text = s;
        return v.map(BigFraction::toString).orElseGet(() -> withoutSpaces(text));
    }

    /**
     * Whitespace removed, except one space between a command and a letter ({@code \cos x} must not
     * become the command {@code \cosx}) and one after a comma ({@code 2, 1} is a list, and must not
     * become the decimal {@code 2,1} when the form is normalised again).
     */
    private static String withoutSpaces(String s) {
        return COMMAND_SPACE.matcher(s).replaceAll("$1\u0000").replaceAll(",\\s+", ",\u0000").replaceAll("\\s+", "")
                .replace('\u0000', ' ');
    }

    /** What stands inside one pair of parentheses around the whole answer, when it is not a list. */
    private static Optional<String> parenthesized(String s) {
        if (s.length() < 3 || s.charAt(0) != '(' || s.charAt(s.length() - 1) != ')') {
            return Optional.empty();
        }
        int depth = 0;
        for (int i = 0; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0 || (depth == 1 && c == ',')) {
                return Optional.empty(); // "(1)(2)" or a tuple "(1, 2)"
            }
        }
        return Optional.of(s.substring(1, s.length() - 1).strip());
    }

    /** The value of a cleaned answer that is a number, as it stands or with one trailing unit removed. */
    private static Optional<BigFraction> value(String s) {
        Optional<BigFraction> v = number(compact(s));
        return v.isPresent() ? v : AnswerUnits.strip(s).flatMap(rest -> number(compact(rest)));
    }

    /**
     * Whitespace, a leading {@code +} and thousands commas removed; a decimal comma read as a point
     * ({@code 2500,75}, {@code 0,375}, {@code 2.500,75}): a comma is a decimal comma when the text has no
     * space after it and the digits before it cannot be grouped in thousands ({@code 2,500} is 2500, and
     * {@code 1,5} stays what it reads as, a list).
     */
    private static String compact(String s) {
        if (DECIMAL_COMMA.matcher(s).matches()) {
            return s.replace(",", ".");
        }
        if (EUROPEAN.matcher(s).matches()) {
            return s.replace(".", "").replace(",", ".");
        }
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
            m = REPEATING.matcher(s);
            if (m.matches() && m.group(4).length() <= 50 && m.group(2).length() + m.group(3).length() <= 50) {
                return Optional.of(repeating(m.group(1) != null, m.group(2), m.group(3), m.group(4)));
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

    /** {@code i.f(r)}, r repeating: (i.f r - i.f) / (10^|f| (10^|r| - 1)) written over one denominator. */
    private static BigFraction repeating(boolean negative, String whole, String fixed, String period) {
        BigInteger lead = new BigInteger((whole.isEmpty() ? "0" : whole) + fixed);
        BigInteger all = new BigInteger((whole.isEmpty() ? "0" : whole) + fixed + period);
        BigInteger den = BigInteger.TEN.pow(fixed.length()).multiply(BigInteger.TEN.pow(period.length()).subtract(BigInteger.ONE));
        BigFraction f = new BigFraction(all.subtract(lead), den);
        return negative ? f.negate() : f;
    }

    private static BigFraction decimal(String s) {
        return BigFraction.of(new BigDecimal(s));
    }
}
