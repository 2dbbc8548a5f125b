package ai.fastmath.solve;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a solution's final answer: the last non-empty {@code \boxed{...}} (or {@code \fbox{...}}),
 * braces nested to any depth, else a configurable fallback.
 */
public final class AnswerExtractor {

    /** What to take when there is no boxed answer. */
    public enum Fallback {
        /** No answer. */
        NONE,
        /** The last number in the text (integer, decimal or simple fraction a/b). */
        LAST_NUMBER
    }

    /**
     * Where {@link #find} looks for the answer of a free text, in Math-Verify's order; each mode
     * includes the ones before it.
     */
    public enum Extraction {
        /** The last {@code \boxed{}}, else the whole text (a prediction that is already an answer). */
        BOXED,
        /**
         * The last {@code \boxed{}}; else the last LaTeX environment ({@code $...$}, {@code $$...$$},
         * {@code \(...\)}, {@code \[...\]}); else the whole text when it is a formula (no prose); else
         * the last number; else none.
         */
        LATEX,
        /** As {@link #LATEX}, else the whole text. */
        ANY
    }

    private static final Pattern BOX = Pattern.compile("\\\\(?:boxed|fbox)\\s*\\{");
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?(?:/\\d+)?");

    private final Fallback fallback;

    public AnswerExtractor(Fallback fallback) {
        this.fallback = fallback;
    }

    /** Boxed answers only. */
    public static AnswerExtractor boxed() {
        return new AnswerExtractor(Fallback.NONE);
    }

    /**
     * The raw answer of a prediction that is either a whole solution or an answer already extracted:
     * with a {@code \boxed}/{@code \fbox} in it, what {@link #extract} finds; without, the whole text,
     * or under {@link Fallback#LAST_NUMBER} the last number in it when the whole text is not a number.
     */
    public Optional<String> answerOrWhole(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (BOX.matcher(text).find()) {
            return extract(text);
        }
        if (fallback == Fallback.LAST_NUMBER && AnswerNormalizer.number(AnswerNormalizer.normalize(text)).isEmpty()) {
            return extract(text);
        }
        String whole = text.strip();
        return whole.isEmpty() ? Optional.empty() : Optional.of(whole);
    }

    /** The raw answer of a free text (a model's output or an answer already extracted) under a mode. */
    public Optional<String> find(String text, Extraction mode) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        if (BOX.matcher(text).find()) {
            return boxedOnly(text);
        }
        String whole = text.strip();
        if (mode == Extraction.BOXED) {
            return Optional.of(whole);
        }
        Optional<String> env = lastEnvironment(text);
        if (env.isPresent()) {
            return env;
        }
        if (SymbolicEquality.formulaLike(whole)) {
            return Optional.of(whole);
        }
        Optional<String> number = lastNumber(text);
        if (number.isPresent() || mode == Extraction.LATEX) {
            return number;
        }
        return Optional.of(whole);
    }

    /**
     * The content of the last complete LaTeX math environment: of the closing delimiters ({@code $$},
     * {@code \]}, {@code \)}, {@code $}) the last one with its opener before it. Linear: found by
     * searching back from the end, never by trying every start.
     */
    static Optional<String> lastEnvironment(String text) {
        String best = null;
        int bestEnd = -1;
        for (String[] d : new String[][] {{"\\[", "\\]"}, {"\\(", "\\)"}, {"$$", "$$"}}) {
            int close = text.lastIndexOf(d[1]);
            int open = close < 0 ? -1 : text.lastIndexOf(d[0], close - d[0].length());
            if (open >= 0 && close > bestEnd && !text.substring(open + d[0].length(), close).isBlank()) {
                best = text.substring(open + d[0].length(), close);
                bestEnd = close;
            }
        }
        int close = text.lastIndexOf('$');
        while (close > 0 && text.charAt(close - 1) == '$') { // part of a $$ pair: handled above
            close = text.lastIndexOf('$', close - 2);
        }
        int open = close <= 0 ? -1 : text.lastIndexOf('$', close - 1);
        if (open >= 0 && close > bestEnd && (open == 0 || text.charAt(open - 1) != '$')
                && !text.substring(open + 1, close).isBlank()) {
            best = text.substring(open + 1, close);
        }
        return Optional.ofNullable(best).map(String::strip);
    }

    private static Optional<String> lastNumber(String text) {
        String number = null;
        Matcher n = NUMBER.matcher(text);
        while (n.find()) {
            number = n.group();
        }
        return Optional.ofNullable(number);
    }

    private Optional<String> boxedOnly(String text) {
        return Fallback.NONE == fallback ? extract(text) : new AnswerExtractor(Fallback.NONE).extract(text);
    }

    /** The raw answer text (not normalised), if any. */
    public Optional<String> extract(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int lastStart = -1; // the last non-empty box's content, as a range: no copy per box when boxes nest deep
        int lastEnd = -1;
        Matcher m = BOX.matcher(text);
        int[] closing = null;
        int from = 0;
        while (m.find(from)) {
            if (closing == null) {
                closing = LatexCleanup.closingBraces(text);
            }
            int close = closing[m.end() - 1];
            if (close < 0) {
                break; // unbalanced: the sample was cut off inside its answer
            }
            if (!isBlank(text, m.end(), close)) {
                lastStart = m.end();
                lastEnd = close;
            }
            from = m.end();
        }
        if (lastStart >= 0) {
            return Optional.of(text.substring(lastStart, lastEnd).strip());
        }
        return fallback == Fallback.LAST_NUMBER ? lastNumber(text) : Optional.empty();
    }

    private static boolean isBlank(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
