package ai.fastmath.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The grading rule at the level of Math-Verify, as a table ({@code grading/equivalence-cases.csv}): gold,
 * prediction, extraction mode, the verdict and how it was reached. The expected verdicts are a
 * mathematician's (by hand), not the checker's output: {@code \sqrt{8}} is {@code 2\sqrt{2}},
 * {@code 0.33} is not {@code 1/3}, a set is not a tuple.
 */
class EquivalenceTableTest {

    record Case(int line, String gold, String pred, String extract, boolean correct, String method) {}

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = EquivalenceTableTest.class.getResourceAsStream("/grading/equivalence-cases.csv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank() || lines[i].startsWith("#")) {
                    continue;
                }
                String[] f = lines[i].split("\\|", -1);
                assertEquals(5, f.length, "line " + (i + 1) + ": " + lines[i]);
                cases.add(new Case(i + 1, f[0], unquote(f[1]), f[2], Boolean.parseBoolean(f[3]), f[4]));
            }
        }
        return cases;
    }

    /** A prediction in double quotes may hold line breaks, written as \n. */
    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).replace("\\n", "\n") : s;
    }

    static Stream<Arguments> table() throws IOException {
        return cases().stream().map(c -> Arguments.of(c.line(), c.gold(), c.pred(), c.extract(), c.correct(), c.method()));
    }

    private static AnswerChecker checker(String extract) {
        return new AnswerChecker(AnswerExtractor.boxed(), AnswerChecker.Mode.EXACT,
                AnswerExtractor.Extraction.valueOf(extract.toUpperCase(Locale.ROOT)), SymbolicEquality.shared());
    }

    @ParameterizedTest(name = "line {0}: gold [{1}] pred [{2}] ({3}) -> {4} by {5}")
    @MethodSource("table")
    void gradesAsAMathematicianWould(int line, String gold, String pred, String extract, boolean correct, String method) {
        AnswerChecker.Verdict v = checker(extract).grade(gold, pred);
        assertEquals(correct, v.correct(), () -> "line " + line + ": " + v);
        assertEquals(method, v.method().wireName(), () -> "line " + line + ": " + v);
    }

    @Test
    void theTableCoversEveryCategoryWithItsNegatives() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 150, cases.size() + " cases");
        Map<String, int[]> byMethod = new LinkedHashMap<>();
        for (Case c : cases) {
            byMethod.computeIfAbsent(c.method(), m -> new int[2])[c.correct() ? 0 : 1]++;
        }
        for (String m : List.of("numeric", "symbolic", "exact")) {
            assertTrue(byMethod.get(m)[0] >= 10 && byMethod.get(m)[1] >= 5, m + " right/wrong: " + java.util.Arrays.toString(byMethod.get(m)));
        }
        assertTrue(byMethod.get("unparsable")[1] >= 3);
    }
}
