package ai.fastmath.solve;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings answers to one canonical form so that equal answers compare equal: LaTeX dressing removed
 * ({@code $...$}, {@code \text{}}, {@code \left}, spacing commands, a trailing period), thousands
 * separators and leading zeros dropped, numbers written canonically (integers as integers,
 * {@code 12.0} as {@code 12}, fractions reduced, {@code \frac{a}{b}} and {@code a/b} alike).
 * Non-numeric answers keep their text, whitespace removed.
 */
public final class AnswerNormalizer {

    private static final Pattern FRAC = Pattern.compile("^(-)?\\\\[dt]?frac\\{(-?[\\d.]+)\\}\\{(-?[\\d.]+)\\}$");
    private static final Pattern FRAC_SHORT = Pattern.compile("^(-)?\\\\[dt]?frac(\\d)(\\d)$");
    private static final Pattern SLASH = Pattern.compile("^(-?[\\d.]+)/(-?[\\d.]+)$");
    private static final Pattern DECIMAL = Pattern.compile("^-?(\\d+\\.?\\d*|\\.\\d+)$");
    private static final Pattern TEXT = Pattern.compile("\\\\(?:text|textbf|mathrm|mathbf|operatorname)\\{([^{}]*)\\}");
    private static final Pattern THOUSANDS = Pattern.compile("^-?\\d{1,3}(,\\d{3})+(\\.\\d+)?$");

    private AnswerNormalizer() {}

    /** The canonical form of an answer. */
    public static String normalize(String raw) {
        String s = raw.strip();
        // strip math delimiters and dressing
        s = s.replace("$", "").replace("\\(", "").replace("\\)", "").replace("\\[", "").replace("\\]", "");
        s = TEXT.matcher(s).replaceAll("$1");
        s = s.replace("\\left", "").replace("\\right", "").replace("\\!", "").replace("\\,", "")
                .replace("\\;", "").replace("\\ ", "").replace("{,}", ",").replace("\u2009", "").replace("\u00a0", "");
        s = s.replaceAll("\\s+", "");
        s = s.replaceAll("^\\\\boxed\\{(.*)\\}$", "$1");
        while (s.endsWith(".") || s.endsWith("。")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (THOUSANDS.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        return number(s).map(AnswerNormalizer::canonical).orElse(s);
    }

    /** The exact value of a numeric answer (integer, decimal, fraction), if it is one. */
    public static Optional<BigFraction> number(String s) {
        try {
            if (DECIMAL.matcher(s).matches()) {
                return Optional.of(BigFraction.of(new BigDecimal(s)));
            }
            Matcher m = FRAC.matcher(s);
            if (m.matches() || (m = FRAC_SHORT.matcher(s)).matches()) {
                BigFraction f = BigFraction.of(new BigDecimal(m.group(2))).divide(BigFraction.of(new BigDecimal(m.group(3))));
                return Optional.of(m.group(1) != null ? f.negate() : f);
            }
            m = SLASH.matcher(s);
            if (m.matches()) {
                return Optional.of(BigFraction.of(new BigDecimal(m.group(1))).divide(BigFraction.of(new BigDecimal(m.group(2)))));
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

    private static String canonical(BigFraction f) {
        return f.toString();
    }
}
