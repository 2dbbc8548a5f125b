package ai.fastmath.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.Fuzz;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the answer pipeline (extraction, normalisation, the checker) on arbitrary text:
 * nothing throws, everything finishes quickly even on huge or deeply nested input, canonical forms
 * are fixed points, an answer equals itself, AIMO answers are 0..999 or nothing.
 */
class AnswerProperties {

    private static final long SEED = 20261128L;
    private static final int TRIES = 3000;
    private static final AnswerExtractor LAST_NUMBER = new AnswerExtractor(AnswerExtractor.Fallback.LAST_NUMBER);

    /** Pieces of model output and answers, glued at random. */
    private static final List<String> PIECES = List.of("\\boxed{", "\\fbox{", "\\boxed ", "{", "}", "\\{", "\\}", "\\frac",
            "\\dfrac", "\\tfrac", "\\sqrt", "\\text{", "\\mathrm{", "\\left(", "\\right)", "\\left.", "\\,", "{,}", "\\!",
            "\\quad", "$", "\\(", "\\)", "\\[", "\\]", "\\$", "\\%", "%", "^\\circ", "^{\\circ}", "°", "\\degree", "x", "=",
            "x_1 = ", "\\pi", " ", "  ", "\n", "-", "\u2212", "+", ".", "。", ",", "/", "0", "1", "7", "12", "000", "1,000",
            "0.5", "3/4", "cm", " m", "hours", "square", "^2", "e3", "\\times", "10^{", "a", "\u00a0", "\u2009");

    /** Answer-like text: mostly LaTeX pieces, sometimes any characters or a long number. */
    static String answer(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> Fuzz.chars(r, 12);
            case 1 -> new BigInteger(r.nextInt(200) + 1, r).toString() + Fuzz.glue(r, PIECES, 4);
            default -> Fuzz.glue(r, PIECES, 24);
        };
    }

    @Test
    void nothingThrows() {
        Fuzz.forAll(SEED, TRIES, AnswerProperties::answer, AnswerProperties::everything);
        Fuzz.forAll(SEED + 1, 500, r -> Fuzz.chars(r, 40), AnswerProperties::everything);
    }

    /** Adversarial sizes, about 200 KB each: huge numbers, deep nesting, long chains. */
    static Stream<Named<String>> huge() {
        int k = 200_000;
        return Stream.of(
                Named.of("200k digits", "1".repeat(k)),
                Named.of("200k digits then a letter", "1".repeat(k) + "x"),
                Named.of("negative 200k-digit decimal", "-" + "9".repeat(k) + ".5"),
                Named.of("200k-digit fraction", "1" + "0".repeat(k) + "/3"),
                Named.of("\\frac of 200k digits", "\\frac{" + "7".repeat(k) + "}{3}"),
                Named.of("0.000...1", "0." + "0".repeat(k) + "1"),
                Named.of("1e999...", "1e" + "9".repeat(k)),
                Named.of("10^{999...}", "10^{" + "9".repeat(k) + "}"),
                Named.of("numbers and spaces", "1 ".repeat(k / 2) + "x"),
                Named.of("thousands commas", "1,".repeat(k / 2)),
                Named.of("dots", "1.".repeat(k / 2)),
                Named.of("nested braces", "{".repeat(k / 2) + "5" + "}".repeat(k / 2)),
                Named.of("open braces", "{".repeat(k)),
                Named.of("close braces", "}".repeat(k)),
                Named.of("nested boxes", "\\boxed{".repeat(k / 7) + "5" + "}".repeat(k / 7)),
                Named.of("unclosed boxes", "\\boxed{".repeat(k / 7)),
                Named.of("many boxes", "\\boxed{5}".repeat(k / 9)),
                Named.of("nested \\text", "\\text{".repeat(k / 6) + "5" + "}".repeat(k / 6)),
                Named.of("unclosed \\text", "\\text{".repeat(k / 6)),
                Named.of("many \\text", "\\text{a}".repeat(k / 8)),
                Named.of("nested \\frac chain", "\\frac{".repeat(k / 6) + "1" + "}{2}".repeat(k / 6)),
                Named.of("\\frac12 chain", "\\frac12".repeat(k / 7)),
                Named.of("\\sqrt chain", "\\sqrt".repeat(k / 5)),
                Named.of("dollars", "$".repeat(k)),
                Named.of("\\left( chain", "\\left(".repeat(k / 6)),
                Named.of("assignments", "x = ".repeat(k / 4) + "5"),
                Named.of("spaces before a unit", "5" + " ".repeat(k) + "cm"),
                Named.of("squares before a unit", "5 " + "square ".repeat(k / 7) + "cm"),
                Named.of("backslashes", "\\\\".repeat(k / 2) + "{"),
                Named.of("escaped braces", "\\{".repeat(k / 2)));
    }

    /**
     * Each entry point in well under its limit: linear work on 200 KB is about 0.1 s here, while the
     * quadratic paths this guards against (regex backtracking, a string rebuilt per brace) took 2 s to
     * minutes on the same inputs.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("huge")
    void hugeInputsFinishQuickly(String s) {
        Map<String, Runnable> entries = new LinkedHashMap<>();
        entries.put("extract", () -> AnswerExtractor.boxed().extract(s));
        entries.put("extract (last number)", () -> LAST_NUMBER.extract(s));
        entries.put("answerOrWhole", () -> AnswerExtractor.boxed().answerOrWhole(s));
        entries.put("answerOrWhole (last number)", () -> LAST_NUMBER.answerOrWhole(s));
        entries.put("normalize", () -> AnswerNormalizer.normalize(s));
        entries.put("aimo", () -> AnswerNormalizer.aimo(s));
        entries.forEach((name, entry) -> assertTimeoutPreemptively(Duration.ofMillis(1500), entry::run, name));
    }

    /** Every entry point of the answer pipeline, on one text. */
    private static void everything(String s) {
        AnswerExtractor.boxed().extract(s);
        LAST_NUMBER.extract(s);
        AnswerExtractor.boxed().answerOrWhole(s);
        LAST_NUMBER.answerOrWhole(s);
        AnswerNormalizer.normalize(s);
        AnswerNormalizer.aimo(s);
        for (AnswerChecker c : List.of(AnswerChecker.exact(), AnswerChecker.aimo(),
                new AnswerChecker(LAST_NUMBER, AnswerChecker.Mode.EXACT))) {
            c.answer(s);
            c.canonical(s);
            c.grade(s, s);
            c.correct(s, s);
        }
    }

    @Test
    void canonicalFormsAreFixedPoints() {
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, TRIES, AnswerProperties::answer, s -> {
            String once = AnswerNormalizer.normalize(s);
            assertEquals(once, AnswerNormalizer.normalize(once), "normalize(normalize(a)) = normalize(a)");
            paths.hit(once.equals(s) ? "already canonical" : "normalized");
        });
        paths.atLeast("normalized", 1000);
    }

    @Test
    void anAnswerEqualsItself() {
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, TRIES, AnswerProperties::answer, s -> {
            if (s.contains("\\boxed") || s.contains("\\fbox")) {
                paths.hit("skipped: boxes inside");
                return; // a gold with boxes in it is not what a box around it would extract
            }
            for (AnswerChecker c : List.of(AnswerChecker.exact(), AnswerChecker.aimo())) {
                assertEquals(c.canonical(s).isPresent(), c.grade(s, s).correct(), c.mode() + ": grade(a, a)");
                paths.hit(c.canonical(s).isPresent() ? c.mode() + ": equal to itself" : c.mode() + ": no answer");
            }
        });
        paths.atLeast("EXACT: equal to itself", 300);
        paths.atLeast("AIMO: equal to itself", 100);
    }

    @Test
    void aBoxedAnswerMatchesWhatWasBoxed() {
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, TRIES, AnswerProperties::answer, s -> {
            String solution = "so the answer is \\boxed{" + s + "}.";
            if (AnswerExtractor.boxed().extract(solution).equals(Optional.of(s.strip()))
                    && AnswerChecker.exact().canonical(s).isPresent()) {
                assertTrue(AnswerChecker.exact().correct(solution, s), "check(\\boxed{a}, a)");
                paths.hit("checked");
            } else {
                paths.hit("not extractable as itself");
            }
        });
        paths.atLeast("checked", 300);
    }

    @Test
    void aimoAnswersAreBelowAThousandOrNothing() {
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, TRIES, AnswerProperties::answer, s -> {
            AnswerNormalizer.aimo(s).ifPresent(v -> assertTrue(v >= 0 && v <= 999, "aimo " + v));
            AnswerChecker.aimo().canonical(s).ifPresent(v -> assertTrue(v.matches("0|[1-9]\\d{0,2}"), "aimo canonical " + v));
            paths.hit(AnswerNormalizer.aimo(s).isPresent() ? "an AIMO answer" : "none");
        });
        paths.atLeast("an AIMO answer", 100);
    }

    @Test
    void fractionsReadBackAsThemselves() {
        Fuzz.forAll(SEED, 1000, r -> new BigInteger[] {new BigInteger(r.nextInt(300), r).subtract(BigInteger.TEN.pow(20)),
                new BigInteger(r.nextInt(300), r).add(BigInteger.ONE).multiply(BigInteger.valueOf(r.nextBoolean() ? 1 : -1))}, nd -> {
            BigFraction f = new BigFraction(nd[0], nd[1]);
            assertEquals(Optional.of(f), AnswerNormalizer.number(f.toString()));
            assertEquals(f.toString(), AnswerNormalizer.normalize("\\frac{" + nd[0] + "}{" + nd[1] + "}"));
            assertEquals(f.toString(), AnswerNormalizer.normalize(nd[0] + "/" + nd[1]));
            assertTrue(f.denominator().signum() > 0);
            assertTrue(f.numerator().gcd(f.denominator()).equals(BigInteger.ONE) || f.numerator().signum() == 0);
        });
    }

    @Test
    void decimalsAreTheirExactValue() {
        Fuzz.forAll(SEED, 1000, r -> new BigDecimal(new BigInteger(r.nextInt(200), r), r.nextInt(60) - 30), d -> {
            assertEquals(BigFraction.of(d).toString(), AnswerNormalizer.normalize(d.toPlainString()));
        });
    }

    @Test
    void dressedIntegersAreTheInteger() {
        Fuzz.forAll(SEED, 1000, Random::nextLong, v -> {
            String n = String.valueOf(v);
            for (String dressed : List.of(n, "$" + n + "$", "\\boxed{" + n + "}", n + ".", "x = " + n, n + " cm", "{" + n + "}",
                    String.format("%,d", v), "\\text{" + n + "}", n + ".0", " " + n + " ")) {
                assertEquals(n, AnswerNormalizer.normalize(dressed), dressed);
            }
            assertEquals(Optional.of((int) Math.floorMod(v, 1000L)), AnswerNormalizer.aimo(n));
        });
    }

    @Test
    void absurdNumbersAreNotNumbers() {
        assertEquals(Optional.empty(), AnswerNormalizer.number("1." + "0".repeat(2000) + "1"));
        assertEquals(Optional.empty(), AnswerNormalizer.number("1".repeat(AnswerNormalizer.MAX_NUMBER_LENGTH + 1)));
        assertEquals(Optional.empty(), AnswerNormalizer.aimo("1/0"));
    }

    /** Inputs the properties found where one cleanup pass left dressing that a second pass removed. */
    @Test
    void oneCleanupPassIsNotAlwaysEnough() {
        Map<String, String> cases = Map.of("{5}.", "5", "{{,}}(", ",(", "\\\\left(", "", "\\boxed\u00a0{5}", "5");
        cases.forEach((raw, canonical) -> {
            assertEquals(canonical, AnswerNormalizer.normalize(raw), raw);
            assertEquals(canonical, AnswerNormalizer.normalize(canonical), raw);
        });
    }
}
