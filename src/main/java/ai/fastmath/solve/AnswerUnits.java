package ai.fastmath.solve;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is left of an answer once one unit is taken off: {@code %}, {@code \%} or the words percent, pct,
 * percentage; a currency sign or code before or after the number ({@code €12}, {@code 12 EUR}); a degree
 * sign ({@code ^\circ}, {@code ^{\circ}}, {@code °}, {@code \degree}), or a known unit word (with an
 * optional {@code square}/{@code cubic} before it or {@code ^2}/{@code ^3} after it). The caller keeps
 * the result only when it is a number, so {@code 2x} or {@code 5\sqrt{2} cm} are never cut. One-letter
 * units ({@code m}, {@code g}, {@code s}, {@code h}) must stand apart from the number ({@code 5 m},
 * {@code 5\,m}, {@code 5\text{ m}}, {@code 5\mathrm{m}}), since {@code 5m} may be a product.
 */
final class AnswerUnits {

    private static final String WORDS = String.join("|",
            "mm", "cm", "km", "meters?", "metres?", "centimeters?", "centimetres?", "millimeters?", "kilometers?",
            "inch(?:es)?", "feet", "foot", "ft", "yards?", "yd", "miles?", "mph", "kph",
            "mg", "kg", "grams?", "kilograms?", "pounds?", "lbs?", "ounces?", "oz", "tons?",
            "ml", "liters?", "litres?", "gallons?",
            "sec", "secs", "seconds?", "min", "mins", "minutes?", "hrs?", "hours?", "days?", "weeks?", "months?", "years?",
            "degrees?", "deg", "radians?", "rad",
            "dollars?", "cents?", "euros?", "units?", "ways", "people", "persons?", "students?", "points?", "times");
    private static final String POWER = "(?:\\s*\\^\\s*\\{?\\s*[23]\\s*\\}?)?";
    private static final Pattern WORD = Pattern.compile(
            "^(.*?[\\d}.])\\s*(?:(?:square|sq\\.?|cubic)\\s*)?(?:" + WORDS + ")" + POWER + "$", Pattern.CASE_INSENSITIVE);
    private static final Pattern LETTER = Pattern.compile("^(.*?[\\d}.])\\s+(?:square\\s+|cubic\\s+)?[mgsh]" + POWER + "$");
    private static final Pattern PERCENT = Pattern.compile("^(.*?)\\s*(?:\\\\?%|percent(?:age)?|pct\\.?|per\\s*cent)$",
            Pattern.CASE_INSENSITIVE);
    /** A currency sign or code before or after the number ({@code \\$} and {@code $} are gone with the LaTeX). */
    private static final Pattern CURRENCY_BEFORE = Pattern.compile("^(?:[€£¥₹]|(?:USD|EUR|GBP|INR|Rs\\.?)\\s*)\\s*(.+)$");
    private static final Pattern CURRENCY_AFTER = Pattern.compile("^(.+?)\\s*(?:[€£¥₹]|USD|EUR|GBP|INR)$");
    private static final Pattern DEGREE = Pattern.compile("^(.*?)\\s*(?:\\^\\s*\\{?\\s*\\\\circ\\s*\\}?|°|\\\\degree)$");

    private AnswerUnits() {}

    /** The answer with one trailing unit removed, or empty when it ends in none. */
    static Optional<String> strip(String s) {
        for (Pattern p : new Pattern[] {PERCENT, DEGREE, WORD, LETTER, CURRENCY_BEFORE, CURRENCY_AFTER}) {
            Matcher m = p.matcher(s);
            if (m.matches() && !m.group(1).isBlank()) {
                return Optional.of(m.group(1).strip());
            }
        }
        return Optional.empty();
    }
}
