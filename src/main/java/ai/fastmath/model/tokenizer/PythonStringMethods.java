package ai.fastmath.model.tokenizer;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python {@code str} methods that Hugging Face chat templates call ({@code startswith},
 * {@code split('</think>')}, {@code strip('\n')}, ...), which Jinja inherits from Python and Jinjava,
 * resolving Java methods, does not have. Semantics follow Python: {@code split} is literal, not a
 * regular expression, and keeps empty parts.
 */
final class PythonStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
        if (!(base instanceof String s) || method == null) {
            return null;
        }
        Object[] p = params == null ? new Object[0] : params;
        Object result = switch (method.toString()) {
            case "startswith" -> p.length == 1 ? s.startsWith(str(p[0])) : null;
            case "endswith" -> p.length == 1 ? s.endsWith(str(p[0])) : null;
            case "strip" -> rstrip(lstrip(s, chars(p)), chars(p));
            case "lstrip" -> lstrip(s, chars(p));
            case "rstrip" -> rstrip(s, chars(p));
            case "split" -> split(s, p);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "replace" -> p.length == 2 ? s.replace(str(p[0]), str(p[1])) : null;
            case "find" -> p.length == 1 ? s.indexOf(str(p[0])) : null;
            case "count" -> p.length == 1 ? count(s, str(p[0])) : null;
            case "join" -> p.length == 1 && p[0] instanceof Iterable<?> it ? join(s, it) : null;
            default -> null;
        };
        if (result != null) {
            context.setPropertyResolved(true);
        }
        return result;
    }

    private static String str(Object o) {
        return o == null ? "None" : o.toString();
    }

    /** Characters to strip; null means Python's default, whitespace. */
    private static String chars(Object[] p) {
        return p.length == 0 || p[0] == null ? null : p[0].toString();
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
    }

    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && strippable(s.charAt(i), chars)) {
            i++;
        }
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int j = s.length();
        while (j > 0 && strippable(s.charAt(j - 1), chars)) {
            j--;
        }
        return s.substring(0, j);
    }

    static List<String> split(String s, Object[] p) {
        if (p.length == 0 || p[0] == null) {
            String t = s.strip();
            return t.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(t.split("\\s+")));
        }
        String sep = str(p[0]);
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        int max = p.length > 1 && p[1] instanceof Number n ? n.intValue() : -1;
        List<String> out = new ArrayList<>();
        int from = 0;
        int at;
        while ((max < 0 || out.size() < max) && (at = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            b.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return b.toString();
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1;
        }
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String sep, Iterable<?> items) {
        java.util.StringJoiner j = new java.util.StringJoiner(sep);
        items.forEach(o -> j.add(str(o)));
        return j.toString();
    }

    // Property access is left to the default resolvers.

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {}

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
