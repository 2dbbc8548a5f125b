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
        if (fallback == Fallback.LAST_NUMBER) {
            String number = null;
            Matcher n = NUMBER.matcher(text);
            while (n.find()) {
                number = n.group();
            }
            return Optional.ofNullable(number);
        }
        return Optional.empty();
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
