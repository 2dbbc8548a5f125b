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

    /** The raw answer text (not normalised), if any. */
    public Optional<String> extract(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String last = null;
        Matcher m = BOX.matcher(text);
        int from = 0;
        while (m.find(from)) {
            int close = closingBrace(text, m.end());
            if (close < 0) {
                break; // unbalanced: the sample was cut off inside its answer
            }
            String inside = text.substring(m.end(), close).strip();
            if (!inside.isEmpty()) {
                last = inside;
            }
            from = m.end();
        }
        if (last != null) {
            return Optional.of(last);
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

    /** Index of the brace closing the one opened just before {@code start}, or -1. */
    private static int closingBrace(String s, int start) {
        int depth = 1;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '}')) {
                i++; // an escaped brace \{ or \} is content
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
