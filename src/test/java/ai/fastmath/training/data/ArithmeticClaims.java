package ai.fastmath.training.data;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arithmetic claims of a trace, evaluated independently of the generator: chains of integers and
 * operators ({@code + - * / ^ mod}) with at least one {@code =} and one operator, such as
 * {@code 7 * 6 + 4 = 46}, {@code 84 - 72 = 12}, {@code 16 = 2 * 7 + 2} or {@code 3^4 mod 7 = 4}. A
 * chain that continues an expression with a variable ({@code 3x + 5 = 26} gives {@code 5 = 26}) or
 * ends on one is not a claim.
 */
final class ArithmeticClaims {

    private static final Pattern CHAIN = Pattern.compile("(?<![\\w^])\\d+(?:\\s*[-+*/^=]\\s*\\d+|\\s+mod\\s+\\d+)+");
    private static final Pattern TOKEN = Pattern.compile("\\d+|mod|[-+*/^=]");

    private ArithmeticClaims() {}

    static List<String> claims(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = CHAIN.matcher(text);
        while (m.find()) {
            String chain = m.group();
            if (!chain.contains("=") || chain.replaceAll("\\s", "").matches("\\d+(=\\d+)+")) {
                continue;
            }
            int before = m.start() - 1;
            while (before >= 0 && text.charAt(before) == ' ') {
                before--;
            }
            boolean continues = before >= 0 && "+-*/^(".indexOf(text.charAt(before)) >= 0;
            boolean endsOnVariable = m.end() < text.length() && Character.isLetter(text.charAt(m.end()));
            if (!continues && !endsOnVariable) {
                out.add(chain);
            }
        }
        return out;
    }

    /** Whether every side of a claim has the same value (a division must be exact). */
    static boolean holds(String claim) {
        BigInteger first = null;
        for (String side : claim.split("=")) {
            BigInteger v = evaluate(side);
            if (v == null || (first != null && !first.equals(v))) {
                return false;
            }
            first = first == null ? v : first;
        }
        return true;
    }

    static List<String> falseClaims(String text) {
        return claims(text).stream().filter(c -> !holds(c)).toList();
    }

    /** Precedence: {@code ^} (right-associative), then {@code * / mod}, then {@code + -}; null for an inexact division. */
    static BigInteger evaluate(String expression) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(expression);
        while (m.find()) {
            tokens.add(m.group());
        }
        int[] pos = {0};
        BigInteger v = sum(tokens, pos);
        return pos[0] == tokens.size() ? v : null;
    }

    private static BigInteger sum(List<String> t, int[] pos) {
        BigInteger v = product(t, pos);
        while (v != null && pos[0] < t.size() && (t.get(pos[0]).equals("+") || t.get(pos[0]).equals("-"))) {
            String op = t.get(pos[0]++);
            BigInteger r = product(t, pos);
            v = r == null ? null : op.equals("+") ? v.add(r) : v.subtract(r);
        }
        return v;
    }

    private static BigInteger product(List<String> t, int[] pos) {
        BigInteger v = power(t, pos);
        while (v != null && pos[0] < t.size() && "*/mod".contains(t.get(pos[0]))) {
            String op = t.get(pos[0]++);
            BigInteger r = power(t, pos);
            if (r == null) {
                return null;
            }
            if (op.equals("*")) {
                v = v.multiply(r);
            } else if (op.equals("mod")) {
                v = v.mod(r);
            } else {
                BigInteger[] qr = v.divideAndRemainder(r);
                v = qr[1].signum() == 0 ? qr[0] : null;
            }
        }
        return v;
    }

    private static BigInteger power(List<String> t, int[] pos) {
        if (pos[0] >= t.size() || !t.get(pos[0]).matches("\\d+")) {
            return null;
        }
        BigInteger base = new BigInteger(t.get(pos[0]++));
        if (pos[0] < t.size() && t.get(pos[0]).equals("^")) {
            pos[0]++;
            BigInteger exponent = power(t, pos);
            return exponent == null ? null : base.pow(exponent.intValueExact());
        }
        return base;
    }
}
