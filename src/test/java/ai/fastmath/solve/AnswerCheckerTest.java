package ai.fastmath.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Extraction and normalisation, as a table; the checker's verdicts. */
class AnswerCheckerTest {

    @ParameterizedTest(name = "extract [{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "so the answer is \\boxed{42}.                      | 42",
        "\\boxed{1} then corrected: \\boxed{2}                | 2",
        "\\boxed{\\frac{1}{2}}                                 | \\frac{1}{2}",
        "nested \\boxed{\\frac{\\sqrt{3}}{2}} done            | \\frac{\\sqrt{3}}{2}",
        "\\fbox{7}                                            | 7",
        "\\boxed {  12 }                                      | 12",
        "last non-empty: \\boxed{5} and \\boxed{}             | 5",
        "cut off \\boxed{12                                   | NONE",
        "\\boxed{3} cut off \\boxed{4                          | 3",
        "no box at all, 17 apples                            | NONE",
        "\\boxed{\\{1,2\\}}                                    | \\{1,2\\}",
        "<think>\\boxed{9}</think> final \\boxed{10}          | 10",
        "\\boxed{x^{2}+1}                                     | x^{2}+1",
    })
    void extractsTheLastNonEmptyBox(String text, String expected) {
        assertEquals(Optional.ofNullable(expected), AnswerExtractor.boxed().extract(text));
    }

    @ParameterizedTest(name = "fallback [{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "we get 3 and then 1,024 in total   | 1,024",
        "the ratio is 3/4                   | 3/4",
        "negative: -12.5                    | -12.5",
        "no digits here                     | NONE",
        "boxed wins \\boxed{8} over 99       | 8",
    })
    void fallsBackToTheLastNumber(String text, String expected) {
        assertEquals(Optional.ofNullable(expected), new AnswerExtractor(AnswerExtractor.Fallback.LAST_NUMBER).extract(text));
    }

    @ParameterizedTest(name = "normalize [{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
        "42              | 42",
        "042             | 42",
        "0               | 0",
        "-7              | -7",
        "+7              | 7",
        "1,000           | 1000",
        "1{,}000         | 1000",
        "1\\,000         | 1000",
        "12,345,678      | 12345678",
        "12.0            | 12",
        "12.50           | 25/2",
        "0.5             | 1/2",
        ".5              | 1/2",
        "\\frac{1}{2}    | 1/2",
        "\\dfrac{2}{4}   | 1/2",
        "\\tfrac{6}{3}   | 2",
        "\\frac12        | 1/2",
        "-\\frac{3}{9}   | -1/3",
        "3/4             | 3/4",
        "6/8             | 3/4",
        "$42$            | 42",
        "\\(42\\)        | 42",
        "\\text{42}      | 42",
        "42 \\text{ cm}  | 42",
        "\\mathrm{7}     | 7",
        "42.             | 42",
        "\\boxed{5}      | 5",
        "x + 1           | x+1",
        "\\sqrt{2}       | \\sqrt{2}",
        "\\left( 1, 2 \\right) | (1, 2)",
        "1,2             | 1,2",
        "2.5e3           | 2.5e3",
        "1/0             | 1/0",
    })
    void normalisesToOneCanonicalForm(String raw, String expected) {
        assertEquals(expected, AnswerNormalizer.normalize(raw));
    }

    @ParameterizedTest(name = "aimo [{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "42        | 42",
        "1000      | 0",
        "1234      | 234",
        "-1        | 999",
        "12.0      | 12",
        "\\frac{8}{2} | 4",
        "0.5       | NONE",
        "x+1       | NONE",
        "007       | 7",
        "2,024     | 24",
    })
    void aimoMapsIntegersModuloAThousand(String raw, Integer expected) {
        assertEquals(Optional.ofNullable(expected), AnswerNormalizer.aimo(raw));
    }

    @Test
    void checkerComparesByValue() {
        AnswerChecker exact = AnswerChecker.exact();
        assertTrue(exact.correct("thus \\boxed{0.5}", "\\frac{1}{2}"));
        assertTrue(exact.correct("\\boxed{1,000}", "1000"));
        assertFalse(exact.correct("\\boxed{0.51}", "1/2"));
        assertFalse(exact.correct("no answer", "3"));
        AnswerChecker aimo = AnswerChecker.aimo();
        assertTrue(aimo.correct("\\boxed{2024}", "24"));
        assertFalse(aimo.correct("\\boxed{1/2}", "0"));
        assertEquals(Optional.of("24"), aimo.answer("\\boxed{2,024}"));
    }
}
