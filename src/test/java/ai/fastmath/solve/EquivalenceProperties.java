package ai.fastmath.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.Fuzz;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the answer checker with its symbolic layer: nothing throws, equality is symmetric, a
 * value equals itself written in any of its forms (and not a neighbouring value), and a huge input
 * returns within the CAS's time limit.
 */
class EquivalenceProperties {

    private static final long SEED = 26;
    private static final AnswerChecker ANY = new AnswerChecker(AnswerExtractor.boxed(), AnswerChecker.Mode.EXACT,
            AnswerExtractor.Extraction.ANY, SymbolicEquality.shared());

    /** A random answer of the kinds graders meet: numbers, fractions, roots, pi, lists, prose, broken LaTeX. */
    private static String answer(Random r) {
        int a = r.nextInt(40) - 10;
        int b = 1 + r.nextInt(12);
        return switch (r.nextInt(12)) {
            case 0 -> Integer.toString(a);
            case 1 -> a + "/" + b;
            case 2 -> "\\frac{" + a + "}{" + b + "}";
            case 3 -> b + "\\sqrt{" + (2 + r.nextInt(10)) + "}";
            case 4 -> "\\sqrt{" + (1 + r.nextInt(60)) + "}";
            case 5 -> "\\frac{" + (1 + r.nextInt(5)) + "\\pi}{" + b + "}";
            case 6 -> "\\{" + a + ", " + b + "\\}";
            case 7 -> "(" + a + ", " + b + ")";
            case 8 -> "x = " + a;
            case 9 -> a + "x + " + b;
            case 10 -> Fuzz.pick(r, "the answer is " + a, "$" + a + "$", "\\boxed{" + a + "}", a + "\\%", "\\left(" + a + "\\right)");
            default -> Fuzz.chars(r, 20) + Fuzz.pick(r, "\\frac{", "}", "\\sqrt", "$", "\\[", "^", "{{", "(", ",");
        };
    }

    /** One value in two forms (which the symmetric property must find equal both ways). */
    private static List<String> sameValueTwice(Random r) {
        int a = r.nextInt(40) - 10;
        int b = 1 + r.nextInt(12);
        int k = 2 + r.nextInt(5);
        return switch (r.nextInt(6)) {
            case 0 -> List.of(a + "/" + b, "\\frac{" + 2 * a + "}{" + 2 * b + "}");
            case 1 -> List.of(b + "\\sqrt{" + k + "}", "\\sqrt{" + b * b * k + "}");
            case 2 -> List.of("\\frac{" + b + "\\pi}{" + k + "}", "\\frac{" + b + "}{" + k + "}\\pi");
            case 3 -> List.of("\\{" + a + ", " + b + "\\}", "\\{" + b + ", " + a + "\\}");
            case 4 -> List.of("x = " + a, Integer.toString(a));
            default -> List.of(a + "x + " + b, b + " + " + a + "x");
        };
    }

    @Test
    void nothingThrowsAndEqualityIsSymmetric() {
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, 400, r -> r.nextBoolean() ? List.of(answer(r), answer(r)) : sameValueTwice(r), pair -> {
            AnswerChecker.Verdict ab = ANY.grade(pair.get(0), pair.get(1));
            AnswerChecker.Verdict ba = ANY.grade(pair.get(1), pair.get(0));
            if (ab.goldAnswer() != null && ab.predAnswer() != null && ba.goldAnswer() != null
                    && ab.goldAnswer().equals(ba.predAnswer()) && ab.predAnswer().equals(ba.goldAnswer())) {
                assertEquals(ab.correct(), ba.correct(), "same(a, b) = same(b, a): " + ab + " / " + ba);
                paths.hit(ab.correct() ? "equal" : "different");
                paths.hit(ab.method().wireName());
            } else {
                paths.hit("extracted differently");
            }
        });
        paths.atLeast("equal", 150);
        paths.atLeast("different", 150);
        paths.atLeast("symbolic", 40);
        paths.atLeast("numeric", 40);
    }

    /** p/q written six ways equals p/q, and p/q + 1/(q+1) in any form does not. */
    @Test
    void aValueEqualsItselfInAnyOfItsForms() {
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, 200, r -> new int[] {r.nextInt(200) - 100, 1 + r.nextInt(16)}, pq -> {
            int p = pq[0];
            int q = pq[1];
            String gold = p + "/" + q;
            BigInteger g = BigInteger.valueOf(p).gcd(BigInteger.valueOf(q));
            String reduced = (p / g.intValue()) + "/" + (q / g.intValue());
            String sign = p < 0 ? "-" : "";
            String abs = Integer.toString(Math.abs(p));
            List<String> forms = List.of("\\frac{" + p + "}{" + q + "}", sign + "\\dfrac{" + abs + "}{" + q + "}",
                    "$" + reduced + "$", "\\boxed{" + (2 * p) + "/" + (2 * q) + "}", "\\left(\\frac{" + p + "}{" + q + "}\\right)",
                    "\\frac{" + p + " \\cdot 3}{" + (3 * q) + "}");
            for (String f : forms) {
                AnswerChecker.Verdict v = ANY.grade(gold, f);
                assertTrue(v.correct(), gold + " vs " + f + ": " + v);
                paths.hit(v.method().wireName());
            }
            AnswerChecker.Verdict off = ANY.grade(gold, "\\frac{" + p + "}{" + q + "} + \\frac{1}{" + (q + 1) + "}");
            assertTrue(!off.correct(), gold + " is not a neighbour: " + off);
        });
        paths.atLeast("numeric", 800);
        paths.atLeast("symbolic", 150); // p·3 / 3q goes to the CAS
    }

    @Test
    void aHundredKilobyteInputReturnsWithinTheLimit() {
        String big = "\\frac{1}{2}+".repeat(100_000 / 12) + "x";
        String deep = "{".repeat(50_000) + "1" + "}".repeat(50_000);
        for (String pred : List.of(big, deep, "$" + big + "$", "\\boxed{" + big + "}", "1, ".repeat(30_000))) {
            long t0 = System.nanoTime();
            AnswerChecker.Verdict v = ANY.grade("\\sqrt{2}", pred);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(!v.correct(), v.method() + " for a " + pred.length() + "-char input");
            assertTrue(seconds < SymbolicEquality.DEFAULT_LIMIT.toSeconds() + 1.0, seconds + " s for a " + pred.length() + "-char input");
        }
    }

    /** A comparison that overruns its limit returns at the limit, counts as a timeout and frees the CAS. */
    @Test
    void aComparisonPastItsLimitIsATimeoutAndTheCasStaysUsable() {
        SymbolicEquality cas = new SymbolicEquality(Duration.ofMillis(50), 1);
        cas.compare("1", "1"); // start Symja outside the measured calls
        String hard = "(x+1)^{200} - (x-1)^{200}"; // expanding and simplifying this takes far longer than 50 ms
        long t0 = System.nanoTime();
        SymbolicEquality.Outcome o = cas.compare(hard, "(x+2)^{200} - (x-2)^{200}");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(SymbolicEquality.Outcome.TIMEOUT, o);
        assertTrue(seconds < 1.0, seconds + " s: the caller waited past the limit");
        assertEquals(1, cas.timeouts());
        long until = System.nanoTime() + 30_000_000_000L;
        SymbolicEquality.Outcome after = SymbolicEquality.Outcome.TIMEOUT;
        while (after == SymbolicEquality.Outcome.TIMEOUT && System.nanoTime() < until) {
            after = cas.compare("\\sqrt{8}", "2\\sqrt{2}"); // once the stopped comparison has let go of the thread
        }
        assertEquals(SymbolicEquality.Outcome.EQUAL, after);
    }
}
