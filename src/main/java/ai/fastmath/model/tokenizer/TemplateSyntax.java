package ai.fastmath.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the two Jinja constructs common in Hugging Face chat templates that Jinjava's parser
 * rejects, into equivalents it accepts, before the template is compiled:
 *
 * <ul>
 *   <li>reversed slices {@code xs[::-1]} become {@code (xs|reverse|list)};
 *   <li>{@code not x is defined} becomes {@code not (x is defined)}: in Jinja a test binds tighter
 *       than {@code not}, in Jinjava it does not;
 *   <li>keyword arguments whose value is an expression with a filter, {@code namespace(n=xs|length -
 *       1)}, get parentheses, {@code namespace(n=(xs|length - 1))}, since Jinjava binds the filter
 *       to the whole keyword argument.
 * </ul>
 */
final class TemplateSyntax {

    private static final Pattern REVERSED = Pattern.compile("([A-Za-z_][\\w.]*(?:\\[[^\\[\\]]*\\])?)\\[::-1\\]");
    private static final Pattern NOT_TEST =
            Pattern.compile("\\bnot\\s+([A-Za-z_][\\w.]*(?:\\[[^\\[\\]]*\\])?)\\s+is\\s+((?:not\\s+)?[A-Za-z_]\\w*)");
    private static final Pattern NAMESPACE = Pattern.compile("namespace\\(");

    private TemplateSyntax() {}

    static String rewrite(String template) {
        String s = REVERSED.matcher(template).replaceAll("($1|reverse|list)");
        s = NOT_TEST.matcher(s).replaceAll("not ($1 is $2)");
        return parenthesizeKeywordArguments(s);
    }

    private static String parenthesizeKeywordArguments(String s) {
        StringBuilder out = new StringBuilder();
        Matcher m = NAMESPACE.matcher(s);
        int copied = 0;
        while (m.find(copied)) {
            int open = m.end();
            int close = matchingParen(s, open - 1);
            if (close < 0) {
                break;
            }
            out.append(s, copied, open);
            List<String> args = splitTopLevel(s.substring(open, close));
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                int eq = keywordEquals(a);
                if (eq > 0 && a.indexOf('|', eq) > 0) {
                    a = a.substring(0, eq + 1) + "(" + a.substring(eq + 1).strip() + ")";
                }
                out.append(i == 0 ? "" : ",").append(a);
            }
            out.append(')');
            copied = close + 1;
        }
        out.append(s.substring(copied));
        return out.toString();
    }

    /** Index of the '=' of {@code name=value}, or -1 (comparisons like '==' are not keywords). */
    private static int keywordEquals(String arg) {
        Matcher k = Pattern.compile("^\\s*[A-Za-z_]\\w*\\s*=(?!=)").matcher(arg);
        return k.find() ? k.end() - 1 : -1;
    }

    private static int matchingParen(String s, int open) {
        int[] depth = {0};
        return scanUnquoted(s, open, (c, i) -> {
            if (c == '(') {
                depth[0]++;
            } else if (c == ')') {
                depth[0]--;
            }
            return depth[0] == 0;
        });
    }

    private static List<String> splitTopLevel(String args) {
        List<String> out = new ArrayList<>();
        int[] depth = {0};
        int[] start = {0};
        scanUnquoted(args, 0, (c, i) -> {
            if (c == '(' || c == '[' || c == '{') {
                depth[0]++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth[0]--;
            } else if (c == ',' && depth[0] == 0) {
                out.add(args.substring(start[0], i));
                start[0] = i + 1;
            }
            return false;
        });
        out.add(args.substring(start[0]));
        return out;
    }

    /** Sees a character outside string literals; returns true to stop the scan there. */
    private interface Visitor {
        boolean visit(char c, int index);
    }

    /** Visits the characters of {@code s} from {@code from} that are outside '...' and "..." literals. */
    private static int scanUnquoted(String s, int from, Visitor visitor) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (visitor.visit(c, i)) {
                return i;
            }
        }
        return -1;
    }
}
