package ai.fastmath.solve;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LaTeX dressing of an answer removed, so that what is left is the answer's content: math
 * delimiters, text and box wrappers (brace-balanced), spacing commands, {@code \left}/{@code \right},
 * the currency sign {@code \$}; and a few spellings made one: the Unicode minus as {@code -},
 * {@code \dfrac}/{@code \tfrac} as {@code \frac}, {@code \sqrt2} as {@code \sqrt{2}}, {@code \frac12} as
 * {@code \frac{1}{2}}, {@code x^{2}} as {@code x^2}. Whitespace is kept (collapsed) so that a unit
 * word stays apart from its number.
 */
final class LatexCleanup {

    /** Commands whose one braced argument is the content itself. */
    private static final Set<String> WRAPPERS = Set.of("boxed", "fbox", "text", "textbf", "textit", "textrm", "textup",
            "textnormal", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mbox", "hbox", "operatorname");
    private static final Pattern WRAPPER = Pattern.compile("\\\\([A-Za-z]+)\\s*\\{");
    private static final Pattern SPACING = Pattern.compile("\\\\(?:[,;:! ]|quad|qquad|displaystyle)|[\u2009\u00a0\u202f]");
    private static final Pattern LEFT_RIGHT = Pattern.compile("\\\\(?:left|right|bigl|bigr|Bigl|Bigr)(?:\\.|(?![A-Za-z]))");
    private static final Pattern SQRT_TOKEN = Pattern.compile("\\\\sqrt\\s*([0-9A-Za-z])");
    private static final Pattern FRAC_TOKENS = Pattern.compile("\\\\frac\\s*(\\d)\\s*(\\d)");
    private static final Pattern FRAC_TOKEN_BRACE = Pattern.compile("\\\\frac\\s*(\\d)\\s*\\{");
    private static final Pattern BRACED_TOKEN = Pattern.compile("([\\^_])\\{\\s*([0-9A-Za-z])\\s*\\}");

    private static final String UNICODE_MATH = "\u03c0\u221e\u221a\u00d7\u00f7\u00b7\u2264\u2265\u2260\u03b1\u03b2\u03b3\u03b8";
    private static final String[] UNICODE_LATEX = {"\\pi", "\\infty", "\\sqrt", "\\times", "\\div", "\\cdot", "\\le", "\\ge",
        "\\ne", "\\alpha", "\\beta", "\\gamma", "\\theta"};

    /** Commands with one meaning written one way ({@code \\varnothing} is {@code \\emptyset}). */
    private static final java.util.Map<String, String> SYNONYMS = java.util.Map.of("\\varnothing", "\\emptyset",
            "\\leq", "\\le", "\\geq", "\\ge", "\\neq", "\\ne", "\\varepsilon", "\\epsilon", "\\varphi", "\\phi",
            "\\lbrace", "\\{", "\\rbrace", "\\}");
    private static final Pattern SYNONYM = Pattern.compile("\\\\(?:varnothing|leq|geq|neq|varepsilon|varphi|lbrace|rbrace)(?![A-Za-z])");
    private static final Pattern MARKDOWN_BOLD = Pattern.compile("^(?:\\*\\*|__)(.+)(?:\\*\\*|__)$");

    private LatexCleanup() {}

    /** The answer without its dressing, whitespace collapsed to single spaces and stripped. */
    static String clean(String raw) {
        String s = unicodeMath(raw.replace('\u2212', '-')).replace("\\$", " ");
        s = s.replace("$", "").replace("\\(", "").replace("\\)", "").replace("\\[", "").replace("\\]", "");
        s = unwrap(s);
        s = SPACING.matcher(s).replaceAll(" ");
        s = s.replace("{,}", ",");
        s = LEFT_RIGHT.matcher(s).replaceAll("");
        s = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac").replace("\\cfrac", "\\frac");
        s = SYNONYM.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(SYNONYMS.get(m.group())));
        s = SQRT_TOKEN.matcher(s).replaceAll("\\\\sqrt{$1}");
        s = FRAC_TOKENS.matcher(s).replaceAll("\\\\frac{$1}{$2}");
        s = FRAC_TOKEN_BRACE.matcher(s).replaceAll("\\\\frac{$1}{");
        s = BRACED_TOKEN.matcher(s).replaceAll("$1$2");
        s = s.replaceAll("\\s+", " ").strip();
        Matcher bold = MARKDOWN_BOLD.matcher(s);
        if (bold.matches()) {
            s = bold.group(1).strip(); // **6**: a chat model's Markdown, not maths
        }
        return outerBraces(s);
    }

    /** Unicode maths written as the LaTeX it stands for ({@code π/2} as {@code \\pi/2}, {@code √2} as {@code \\sqrt2}). */
    private static String unicodeMath(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (UNICODE_MATH.indexOf(s.charAt(i)) >= 0) {
                StringBuilder b = new StringBuilder(s.length() + 16);
                for (int j = 0; j < s.length(); j++) {
                    int k = UNICODE_MATH.indexOf(s.charAt(j));
                    b.append(k >= 0 ? " " + UNICODE_LATEX[k] + " " : String.valueOf(s.charAt(j)));
                }
                return b.toString().replace("\\sqrt ", "\\sqrt");
            }
        }
        return s;
    }

    /**
     * Every wrapper command replaced by its argument (nested ones too), with a space either side so that
     * {@code 5\mathrm{m}} reads as a number and a unit. An unbalanced wrapper is left as it is. One pass
     * over the text: a long run of wrappers costs linear time, not a rebuilt string per wrapper.
     */
    private static String unwrap(String s) {
        Matcher m = WRAPPER.matcher(s);
        int[] close = null;
        int[] openEnd = null; // at a wrapper's start: where its "\\name{" ends
        boolean[] dropped = null; // a wrapper's closing brace
        while (m.find()) {
            if (!WRAPPERS.contains(m.group(1))) {
                continue;
            }
            if (close == null) {
                close = closingBraces(s);
                openEnd = new int[s.length()];
                dropped = new boolean[s.length()];
            }
            int c = close[m.end() - 1];
            if (c >= 0) {
                openEnd[m.start()] = m.end();
                dropped[c] = true;
            }
        }
        if (close == null) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (openEnd[i] > 0) {
                out.append(' ');
                i = openEnd[i] - 1;
            } else {
                out.append(dropped[i] ? ' ' : s.charAt(i));
            }
        }
        return out.toString();
    }

    /** {@code {5}} as {@code 5}: braces around the whole answer mean nothing. */
    private static String outerBraces(String s) {
        if (s.length() < 2 || s.charAt(0) != '{') {
            return s;
        }
        int[] close = closingBraces(s);
        int from = 0;
        int to = s.length() - 1;
        while (to - from >= 1 && s.charAt(from) == '{' && close[from] == to) {
            from++;
            to--;
            while (from <= to && Character.isWhitespace(s.charAt(from))) {
                from++;
            }
            while (to >= from && Character.isWhitespace(s.charAt(to))) {
                to--;
            }
        }
        return s.substring(from, to + 1);
    }

    /**
     * For every opening brace of the text the index of the brace that closes it, -1 where none does; -1
     * at every other index. Escaped braces ({@code \{}, {@code \}}) are content. One pass, so that callers
     * with many braces to match (nested boxes, long runs of wrappers) stay linear.
     */
    static int[] closingBraces(String s) {
        int[] close = new int[s.length()];
        java.util.Arrays.fill(close, -1);
        int[] open = new int[s.length()]; // stack of the braces still open
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '}')) {
                i++;
            } else if (c == '{') {
                open[depth++] = i;
            } else if (c == '}' && depth > 0) {
                close[open[--depth]] = i;
            }
        }
        return close;
    }
}
