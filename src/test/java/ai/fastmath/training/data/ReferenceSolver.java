package ai.fastmath.training.data;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a curriculum problem from its text alone, written apart from the generator: one regular
 * expression per phrasing and a plain solver per family (Pascal's triangle for C(n, k), BigInteger
 * for powers and gcds). A problem that no phrasing matches is an error.
 */
final class ReferenceSolver {

    /** A phrasing and what it asks, given the numbers (and words) it captured. */
    private record Rule(Pattern pattern, Function<Matcher, BigInteger> answer) {
        static Rule of(String regex, Function<Matcher, BigInteger> answer) {
            return new Rule(Pattern.compile(regex), answer);
        }
    }

    private static final String EQUATION = "(\\d*)x ([+-]) (\\d+) = (?:(\\d*)x \\+ )?(\\d+)";

    private static final List<Rule> RULES = List.of(
            // addition, subtraction, multiplication
            Rule.of("(?:What is|Compute|Find the sum of|Calculate) (\\d+) (?:\\+|and|plus) (\\d+)[.?]", m -> n(m, 1).add(n(m, 2))),
            Rule.of("(?:What is|Compute|How much is|Find the difference) (\\d+) (?:-|minus) (\\d+)[.?]", m -> n(m, 1).subtract(n(m, 2))),
            Rule.of("Subtract (\\d+) from (\\d+)\\.", m -> n(m, 2).subtract(n(m, 1))),
            Rule.of("(?:What is|Compute|Find the product of|Calculate) (\\d+) (?:\\*|and|times) (\\d+)[.?]", m -> n(m, 1).multiply(n(m, 2))),
            // linear equations
            Rule.of("(?:Solve for x: |Find x if |If |What value of x satisfies )" + EQUATION + "(?:\\.|, what is x\\?|\\?)",
                    ReferenceSolver::linear),
            // modular
            Rule.of("(?:What is the remainder when|Find the remainder when|Find|Compute|What is) (\\d+)(?:\\^(\\d+))? (?:is divided by|mod|modulo) (\\d+)[.?]",
                    m -> (m.group(2) == null ? n(m, 1) : n(m, 1).pow(n(m, 2).intValueExact())).mod(n(m, 3))),
            // gcd and lcm
            Rule.of("(?:What is the greatest common divisor of|Compute the GCD of) (\\d+) and (\\d+)[.?]", m -> n(m, 1).gcd(n(m, 2))),
            Rule.of("Find gcd\\((\\d+), (\\d+)\\)\\.", m -> n(m, 1).gcd(n(m, 2))),
            Rule.of("(?:What is the least common multiple of|Compute the LCM of) (\\d+) and (\\d+)[.?]", m -> lcm(n(m, 1), n(m, 2))),
            Rule.of("Find lcm\\((\\d+), (\\d+)\\)\\.", m -> lcm(n(m, 1), n(m, 2))),
            // counting
            Rule.of("In how many ways can you choose (\\d+) ([a-z]+) from (\\d+) different \\2\\?", m -> choose(i(m, 3), i(m, 1))),
            Rule.of("A club has (\\d+) [a-z]+\\. In how many ways can it choose a committee of (\\d+)\\?", m -> choose(i(m, 1), i(m, 2))),
            Rule.of("How many ways are there to pick a team of (\\d+) from (\\d+) [a-z]+\\?", m -> choose(i(m, 2), i(m, 1))),
            Rule.of("Compute C\\((\\d+), (\\d+)\\)\\.", m -> choose(i(m, 1), i(m, 2))),
            Rule.of("How many subsets with exactly (\\d+) elements does a set of (\\d+) elements have\\?", m -> choose(i(m, 2), i(m, 1))),
            Rule.of("In how many ways can (\\d+) of (\\d+) [a-z]+ stand in a row\\?", m -> orders(i(m, 2), i(m, 1))),
            Rule.of("How many (\\d+)-letter codes can be made from (\\d+) different letters if no letter is repeated\\?",
                    m -> orders(i(m, 2), i(m, 1))),
            Rule.of("In how many ways can (\\d+) of (\\d+) different ([a-z]+) be placed in a row\\?", m -> orders(i(m, 2), i(m, 1))),
            Rule.of("In how many ways can (\\d+) different ([a-z]+) be arranged on a shelf\\?", m -> orders(i(m, 1), i(m, 1))),
            Rule.of("In how many different orders can (\\d+) [a-z]+ stand in a line\\?", m -> orders(i(m, 1), i(m, 1))),
            Rule.of("How many different arrangements are there of the letters in the word ([A-Z]+)\\?", m -> anagrams(m.group(1))),
            Rule.of("In how many distinct ways can the letters of ([A-Z]+) be arranged\\?", m -> anagrams(m.group(1))),
            // word problems
            Rule.of("[A-Z][a-z]+ has (\\d+) ([a-z]+)\\. (?:She|He) buys (\\d+) more and then gives away (\\d+)\\. "
                    + "How many \\2 does (?:she|he) have now\\?", m -> n(m, 1).add(n(m, 3)).subtract(n(m, 4))),
            Rule.of("A train travels at (\\d+) km per hour for (\\d+) hours\\. How many km does it travel\\?", m -> n(m, 1).multiply(n(m, 2))),
            Rule.of("A car drives for (\\d+) hours at (\\d+) km per hour\\. How far does it go, in km\\?", m -> n(m, 1).multiply(n(m, 2))),
            Rule.of("There are (\\d+) boxes with (\\d+) ([a-z]+) in each box\\. How many \\3 are there in total\\?", m -> n(m, 1).multiply(n(m, 2))),
            Rule.of("A shop has (\\d+) packs of ([a-z]+), each with (\\d+) \\2\\. How many \\2 is that in all\\?", m -> n(m, 1).multiply(n(m, 3))),
            Rule.of("[A-Z][a-z]+ shares (\\d+) ([a-z]+) equally among (\\d+) friends\\. How many \\2 does each friend get\\?",
                    m -> exact(n(m, 1), n(m, 3))),
            Rule.of("(\\d+) ([a-z]+) are packed equally into (\\d+) bags\\. How many \\2 are in each bag\\?", m -> exact(n(m, 1), n(m, 3))),
            Rule.of("[A-Z][a-z]+ thinks of a number, multiplies it by (\\d+) and then adds (\\d+)\\. The result is (\\d+)\\. "
                    + "What was the number\\?", m -> exact(n(m, 3).subtract(n(m, 2)), n(m, 1))));

    private ReferenceSolver() {}

    /** The answer of a problem text. */
    static BigInteger solve(String problem) {
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(problem);
            if (m.matches()) {
                return rule.answer().apply(m);
            }
        }
        throw new AssertionError("no phrasing matches: " + problem);
    }

    /** {@code ax ± b = dx + e} (no x on the right when group 4 is absent), solved exactly. */
    private static BigInteger linear(Matcher m) {
        BigInteger a = coefficient(m.group(1));
        BigInteger b = m.group(2).equals("+") ? n(m, 3) : n(m, 3).negate();
        BigInteger d = m.group(4) == null ? BigInteger.ZERO : coefficient(m.group(4));
        return exact(n(m, 5).subtract(b), a.subtract(d));
    }

    private static BigInteger coefficient(String s) {
        return s.isEmpty() ? BigInteger.ONE : new BigInteger(s);
    }

    private static BigInteger exact(BigInteger a, BigInteger d) {
        BigInteger[] qr = a.divideAndRemainder(d);
        if (qr[1].signum() != 0) {
            throw new AssertionError(a + " / " + d + " is not an integer");
        }
        return qr[0];
    }

    private static BigInteger lcm(BigInteger a, BigInteger b) {
        return a.multiply(b).divide(a.gcd(b));
    }

    /** C(n, k) from Pascal's triangle. */
    private static BigInteger choose(int n, int k) {
        BigInteger[] row = {BigInteger.ONE};
        for (int i = 1; i <= n; i++) {
            BigInteger[] next = new BigInteger[i + 1];
            next[0] = BigInteger.ONE;
            next[i] = BigInteger.ONE;
            for (int j = 1; j < i; j++) {
                next[j] = row[j - 1].add(row[j]);
            }
            row = next;
        }
        return row[k];
    }

    /** Ordered choices of k of n distinct things. */
    private static BigInteger orders(int n, int k) {
        BigInteger p = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            p = p.multiply(BigInteger.valueOf(n - i));
        }
        return p;
    }

    /** Distinct orders of a word's letters: n! over the factorial of each letter's count. */
    private static BigInteger anagrams(String word) {
        BigInteger a = orders(word.length(), word.length());
        for (char c = 'A'; c <= 'Z'; c++) {
            final char letter = c;
            int count = (int) word.chars().filter(x -> x == letter).count();
            a = a.divide(orders(count, count));
        }
        return a;
    }

    private static BigInteger n(Matcher m, int group) {
        return new BigInteger(m.group(group));
    }

    private static int i(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
