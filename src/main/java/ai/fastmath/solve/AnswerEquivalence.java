package ai.fastmath.solve;

import ai.fastmath.solve.AnswerChecker.Decision;
import ai.fastmath.solve.AnswerChecker.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether two canonical answers ({@link AnswerNormalizer}) are the same, cheapest test first: the same
 * text; two numbers by exact value; an equation {@code x = 3} against a value by its right side, two
 * equations side by side; lists element by element (a set, {@code \{1, 2\}} or a bare {@code 1, 2},
 * in any order; a tuple or an interval in order and with the same brackets, so {@code (1, 2]} is not
 * {@code (1, 2)} and a set is not a tuple); everything else by the CAS ({@link SymbolicEquality}).
 */
final class AnswerEquivalence {

    /** Longer lists are compared as text only: no answer lists this many elements. */
    static final int MAX_ELEMENTS = 32;
    /** {@code \\pm}, not {@code \\pmod}. */
    private static final Pattern PLUS_MINUS = Pattern.compile("\\\\pm(?![A-Za-z])");
    private static final Pattern WORDS = Pattern.compile("^[A-Za-z]{2,}(?: [A-Za-z]+)*$");
    private static final Pattern SYMBOL = Pattern.compile("^(?:[A-Za-z]|\\\\[A-Za-z]+)(?:_\\{?[A-Za-z0-9]+\\}?)?$");

    private AnswerEquivalence() {}

    static Decision decide(String a, String b, SymbolicEquality cas) {
        Optional<BigFraction> x = AnswerNormalizer.number(a);
        Optional<BigFraction> y = AnswerNormalizer.number(b);
        if (x.isPresent() && y.isPresent()) {
            return new Decision(x.get().equals(y.get()), Method.NUMERIC);
        }
        if (a.equals(b) || WORDS.matcher(a).matches() && a.equalsIgnoreCase(b)) {
            return new Decision(true, Method.EXACT); // "Yes" and "yes", "East" and "east" too
        }
        String[] ea = equation(a);
        String[] eb = equation(b);
        if (ea != null || eb != null) {
            if (ea != null && eb != null) {
                return all(decide(ea[0], eb[0], cas), () -> decide(ea[1], eb[1], cas));
            }
            String[] e = ea != null ? ea : eb;
            if (SYMBOL.matcher(e[0]).matches()) { // x = 3 against 3
                return ea != null ? decide(ea[1], b, cas) : decide(a, eb[1], cas);
            }
            return new Decision(false, Method.EXACT);
        }
        Group ga = Group.of(a);
        Group gb = Group.of(b);
        if (ga != null || gb != null) {
            return lists(ga != null ? ga : Group.single(a), gb != null ? gb : Group.single(b), cas);
        }
        return switch (cas.compare(a, b)) {
            case EQUAL -> new Decision(true, Method.SYMBOLIC);
            case NOT_EQUAL -> new Decision(false, Method.SYMBOLIC);
            case TIMEOUT -> new Decision(false, Method.TIMEOUT);
            case UNPARSABLE -> new Decision(false, Method.UNPARSABLE);
        };
    }

    /** Both decisions hold; the second is only made when the first does. */
    private static Decision all(Decision first, java.util.function.Supplier<Decision> second) {
        if (!first.same()) {
            return first;
        }
        Decision d = second.get();
        return new Decision(d.same(), stronger(first.method(), d.method()));
    }

    /** The method that says more about how a combined decision was reached (a CAS call over a text match). */
    private static Method stronger(Method m, Method n) {
        return m.ordinal() >= n.ordinal() ? m : n;
    }

    private static Decision lists(Group a, Group b, SymbolicEquality cas) {
        if (a.elements.size() != b.elements.size() || a.elements.size() > MAX_ELEMENTS) {
            return new Decision(false, Method.EXACT);
        }
        boolean unordered = a.kind == Kind.SET || b.kind == Kind.SET
                || a.kind == Kind.BARE && b.kind == Kind.BARE;
        if (unordered && (a.kind == Kind.BRACKETED || b.kind == Kind.BRACKETED)) {
            return new Decision(false, Method.EXACT); // a set is not a tuple or an interval
        }
        if (a.kind == Kind.BRACKETED && b.kind == Kind.BRACKETED && (a.open != b.open || a.close != b.close)) {
            return new Decision(false, Method.EXACT); // (1, 2] is not (1, 2)
        }
        Method method = Method.EXACT;
        boolean[] used = new boolean[b.elements.size()];
        for (int i = 0; i < a.elements.size(); i++) {
            Decision found = null;
            for (int j = unordered ? 0 : i; j < (unordered ? b.elements.size() : i + 1); j++) {
                if (used[j]) {
                    continue;
                }
                Decision d = decide(AnswerNormalizer.normalize(a.elements.get(i)), AnswerNormalizer.normalize(b.elements.get(j)), cas);
                method = stronger(method, d.method());
                if (d.same()) {
                    used[j] = true;
                    found = d;
                    break;
                }
            }
            if (found == null) {
                return new Decision(false, method);
            }
        }
        return new Decision(true, method);
    }

    /** The two sides of an equation (one top-level {@code =}, not {@code <=}, {@code >=}, {@code ==}), else null. */
    private static String[] equation(String s) {
        int at = -1;
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            depth += "([{".indexOf(c) >= 0 ? 1 : ")]}".indexOf(c) >= 0 ? -1 : 0;
            if (c == '=' && depth == 0) {
                boolean compound = i > 0 && "<>!=".indexOf(s.charAt(i - 1)) >= 0
                        || i + 1 < s.length() && s.charAt(i + 1) == '=';
                if (compound || at >= 0) {
                    return null;
                }
                at = i;
            }
        }
        if (at <= 0 || at == s.length() - 1) {
            return null;
        }
        return new String[] {s.substring(0, at).strip(), s.substring(at + 1).strip()};
    }

    private enum Kind {
        /** {@code \{...\}}: order-free. */
        SET,
        /** A comma list with no brackets around it: order-free against a set or another bare list, in order against a tuple. */
        BARE,
        /** {@code (...)}, {@code [...]} or a half-open interval: in order, brackets compared. */
        BRACKETED
    }

    /** A list answer: its kind, brackets and top-level elements. */
    private record Group(Kind kind, char open, char close, List<String> elements) {

        static Group single(String s) {
            return new Group(Kind.BARE, ' ', ' ', List.of(s));
        }

        /** The list an answer is, or null when it is none (one element in parentheses is a value). */
        static Group of(String s) {
            Matcher pms = PLUS_MINUS.matcher(s);
            int pm = pms.find() ? pms.start() : -1;
            if (pm >= 0 && !pms.find() && pm + 3 < s.length()) { // a ± b: the set {a - b, a + b}
                String left = s.substring(0, pm).strip();
                String right = s.substring(pm + 3).strip();
                return new Group(Kind.SET, '{', '}', List.of(left + "-" + right, left.isEmpty() ? right : left + "+" + right));
            }
            if (s.startsWith("\\{") && s.endsWith("\\}") && s.length() >= 4) {
                List<String> e = split(s.substring(2, s.length() - 2));
                return e == null ? null : new Group(Kind.SET, '{', '}', e);
            }
            char first = s.isEmpty() ? ' ' : s.charAt(0);
            char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
            if ((first == '(' || first == '[') && (last == ')' || last == ']') && s.length() >= 2) {
                List<String> e = split(s.substring(1, s.length() - 1));
                if (e != null && e.size() > 1) {
                    return new Group(Kind.BRACKETED, first, last, e);
                }
            }
            List<String> e = split(s);
            return e != null && e.size() > 1 ? new Group(Kind.BARE, ' ', ' ', e) : null;
        }

        /** Top-level comma-separated parts, or null when the brackets do not balance. */
        private static List<String> split(String s) {
            List<String> parts = new ArrayList<>();
            int depth = 0;
            int from = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if ("([{".indexOf(c) >= 0) {
                    depth++;
                } else if (")]}".indexOf(c) >= 0) {
                    depth--;
                    if (depth < 0) {
                        return null;
                    }
                } else if (c == ',' && depth == 0) {
                    parts.add(s.substring(from, i).strip());
                    from = i + 1;
                }
                if (parts.size() > MAX_ELEMENTS) {
                    return null;
                }
            }
            parts.add(s.substring(from).strip());
            return depth == 0 && parts.stream().noneMatch(String::isEmpty) ? parts : null;
        }
    }
}
