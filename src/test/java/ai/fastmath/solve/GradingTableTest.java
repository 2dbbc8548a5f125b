package ai.fastmath.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The grading rule ({@link AnswerChecker#grade}) as one table: gold answer, prediction (a raw model
 * output or an answer already extracted), mode, the verdict and the prediction's canonical answer
 * ({@code NONE}: no answer). Modes: {@code EXACT}, {@code AIMO}, and either with {@code _LAST} for the
 * last-number fallback.
 */
class GradingTableTest {

    @ParameterizedTest(name = "[{2}] gold [{0}] pred [{1}] -> {3} ({4})")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        // integers: thousands separators, spaces, leading zeros, .0
        "1000              | 1,000                              | EXACT      | true  | 1000",
        "1000              | 1{,}000                            | EXACT      | true  | 1000",
        "1000              | 1\\,000                            | EXACT      | true  | 1000",
        "1000              | 1 000                              | EXACT      | true  | 1000",
        "12345678          | \\boxed{12,345,678}                | EXACT      | true  | 12345678",
        "42                | 042                                | EXACT      | true  | 42",
        "42                | 42.0                               | EXACT      | true  | 42",
        "42                | '   42   '                         | EXACT      | true  | 42",
        "42                | 42.                                | EXACT      | true  | 42",
        "42                | 43                                 | EXACT      | false | 43",
        "42                | 420                                | EXACT      | false | 420",
        "100               | 1,00                               | EXACT      | false | 1,00",
        // negatives
        "-5                | −5                                 | EXACT      | true  | -5",
        "-5                | \\boxed{-5}                        | EXACT      | true  | -5",
        "-5                | - 5                                | EXACT      | true  | -5",
        "-5                | 5                                  | EXACT      | false | 5",
        "5                 | \\boxed{-5}                        | EXACT      | false | -5",
        "7                 | +7                                 | EXACT      | true  | 7",
        // decimals
        "3.14              | 3.140                              | EXACT      | true  | 157/50",
        "0.5               | .5                                 | EXACT      | true  | 1/2",
        "2.5               | \\boxed{2.50}                      | EXACT      | true  | 5/2",
        "2.5               | 2.49                               | EXACT      | false | 249/100",
        // fractions and their exact decimal forms
        "\\frac{1}{2}      | 0.5                                | EXACT      | true  | 1/2",
        "1/2               | \\dfrac{1}{2}                      | EXACT      | true  | 1/2",
        "1/2               | \\tfrac{1}{2}                      | EXACT      | true  | 1/2",
        "1/2               | \\frac12                           | EXACT      | true  | 1/2",
        "1/2               | \\boxed{\\frac{2}{4}}              | EXACT      | true  | 1/2",
        "-1/2              | -\\frac{1}{2}                      | EXACT      | true  | -1/2",
        "-1/2              | \\frac{-1}{2}                      | EXACT      | true  | -1/2",
        "-0.5              | \\boxed{−\\frac12}                 | EXACT      | true  | -1/2",
        "1/2               | -\\frac{1}{2}                      | EXACT      | false | -1/2",
        "1/3               | 0.33                               | EXACT      | false | 33/100",
        "\\frac{1}{3}      | 0.333333                           | EXACT      | false | 333333/1000000",
        "\\frac{1}{3}      | 1/3                                | EXACT      | true  | 1/3",
        "3/4               | \\frac{3}{4}.                      | EXACT      | true  | 3/4",
        "5/2               | 2\\frac{1}{2}                      | EXACT      | false | 2\\frac{1}{2}",
        // math delimiters and text wrappers
        "42                | $42$                               | EXACT      | true  | 42",
        "42                | \\(42\\)                           | EXACT      | true  | 42",
        "42                | \\[ 42 \\]                         | EXACT      | true  | 42",
        "42                | \\text{42}                         | EXACT      | true  | 42",
        "42                | \\mathrm{42}                       | EXACT      | true  | 42",
        "42                | \\textbf{42}                       | EXACT      | true  | 42",
        "42                | \\boxed{\\textbf{42}}              | EXACT      | true  | 42",
        "1/2               | $\\boxed{\\dfrac{1}{2}}$           | EXACT      | true  | 1/2",
        "42                | \\boxed{{42}}                      | EXACT      | true  | 42",
        // a leading single-variable assignment, only before a number
        "5                 | x = 5                              | EXACT      | true  | 5",
        "12                | n=12                               | EXACT      | true  | 12",
        "5                 | the answer: \\boxed{x = 5}         | EXACT      | true  | 5",
        "-3                | y = -3                             | EXACT      | true  | -3",
        "1/2               | a_1 = \\frac{1}{2}                 | EXACT      | true  | 1/2",
        "30                | \\theta = 30^\\circ               | EXACT      | true  | 30",
        "5                 | x = 6                              | EXACT      | false | 6",
        "x+1               | y = x + 1                          | EXACT      | true  | y=x+1",
        // percent, degrees, known units, the dollar sign
        "50                | 50\\%                              | EXACT      | true  | 50",
        "50                | 50%                                | EXACT      | true  | 50",
        "50                | \\boxed{50\\%}                     | EXACT      | true  | 50",
        "30                | 30^\\circ                          | EXACT      | true  | 30",
        "30                | 30^{\\circ}                        | EXACT      | true  | 30",
        "30                | 30°                                | EXACT      | true  | 30",
        "30                | 30 degrees                         | EXACT      | true  | 30",
        "12                | 12 cm                              | EXACT      | true  | 12",
        "12                | 12\\text{ cm}                      | EXACT      | true  | 12",
        "12                | 12 \\mathrm{cm}                    | EXACT      | true  | 12",
        "12                | \\boxed{12\\,\\text{m}}            | EXACT      | true  | 12",
        "3                 | 3 hours                            | EXACT      | true  | 3",
        "2.5               | 2.5 km                             | EXACT      | true  | 5/2",
        "20                | 20 dollars                         | EXACT      | true  | 20",
        "20                | \\$20                              | EXACT      | true  | 20",
        "20                | \\boxed{\\$20.00}                  | EXACT      | true  | 20",
        "24                | 24 square units                    | EXACT      | true  | 24",
        "24                | 24\\text{ cm}^2                    | EXACT      | true  | 24",
        "10                | 10 ways                            | EXACT      | true  | 10",
        "12                | 13 cm                              | EXACT      | false | 13",
        "2                 | 2x                                 | EXACT      | false | 2x",
        "2                 | 2m                                 | EXACT      | false | 2m",
        "7                 | 7 apples                           | EXACT      | false | 7apples",
        // non-numeric answers: the same text after cleanup, else the CAS decides
        "\\frac{\\sqrt{3}}{2} | \\dfrac{\\sqrt{3}}{2}           | EXACT      | true  | \\frac{\\sqrt{3}}{2}",
        "\\frac{\\sqrt{3}}{2} | \\frac{\\sqrt3}{2}              | EXACT      | true  | \\frac{\\sqrt{3}}{2}",
        "2\\sqrt{2}        | 2\\sqrt2                           | EXACT      | true  | 2\\sqrt{2}",
        "5\\sqrt{2}        | \\boxed{5 \\sqrt{2}}               | EXACT      | true  | 5\\sqrt{2}",
        "5\\sqrt{2}        | 5                                  | EXACT      | false | 5",
        "\\sqrt{8}         | 2\\sqrt{2}                         | EXACT      | true  | 2\\sqrt{2}",
        "x+1               | 1+x                                | EXACT      | true  | 1+x",
        "x^2+1             | \\boxed{x^{2} + 1}                 | EXACT      | true  | x^2+1",
        "(1,2)             | \\left( 1, 2 \\right)              | EXACT      | true  | (1, 2)",
        "(1,2)             | (2,1)                              | EXACT      | false | (2,1)",
        "\\pi              | \\boxed{\\pi}                      | EXACT      | true  | \\pi",
        // boxed extraction: last non-empty box, nested braces, cut-off boxes
        "12                | so the answer is \\boxed{12        | EXACT      | false | NONE",
        "12                | \\boxed{12} no wait, \\boxed{13}   | EXACT      | false | 13",
        "13                | \\boxed{12} no wait, \\boxed{13}   | EXACT      | true  | 13",
        "7                 | \\fbox{7}                          | EXACT      | true  | 7",
        "1/2               | thus \\boxed{\\frac{1}{2}} done    | EXACT      | true  | 1/2",
        "5                 | \\boxed{5} and \\boxed{}           | EXACT      | true  | 5",
        "42                | ''                                 | EXACT      | false | NONE",
        "42                | The answer is 42                   | EXACT      | false | Theansweris42",
        // the last-number fallback: only without a usable box and when the whole text is no number
        "42                | The answer is 42                   | EXACT_LAST | true  | 42",
        "1/2               | \\frac{1}{2}                       | EXACT_LAST | true  | 1/2",
        "12                | cut off \\boxed{12                 | EXACT_LAST | true  | 12",
        "42                | no digits here                     | EXACT_LAST | false | NONE",
        // AIMO: integers modulo 1000, nothing else
        "0                 | 1000                               | AIMO       | true  | 0",
        "25                | 2025                               | AIMO       | true  | 25",
        "999               | -1                                 | AIMO       | true  | 999",
        "7                 | 007                                | AIMO       | true  | 7",
        "12                | 12.0                               | AIMO       | true  | 12",
        "24                | \\boxed{2,024}                     | AIMO       | true  | 24",
        "4                 | \\frac{8}{2}                       | AIMO       | true  | 4",
        "250               | \\boxed{1250 \\text{ ways}}        | AIMO       | true  | 250",
        "36                | x = 36                             | AIMO       | true  | 36",
        "500               | 0.5                                | AIMO       | false | NONE",
        "12                | 13                                 | AIMO       | false | 13",
        "123               | ''                                 | AIMO       | false | NONE",
        "5                 | so it is 5                         | AIMO_LAST  | true  | 5",
    })
    void gradesAPrediction(String gold, String pred, String mode, boolean correct, String predAnswer) {
        AnswerChecker checker = checker(mode);
        AnswerChecker.Verdict v = checker.grade(gold, pred);
        assertEquals(correct, v.correct(), () -> "verdict " + v);
        assertEquals(predAnswer, v.predAnswer(), () -> "verdict " + v);
        assertNotNull(v.goldAnswer(), "every gold in the table has an answer");
    }

    private static AnswerChecker checker(String mode) {
        AnswerExtractor.Fallback fallback = mode.endsWith("_LAST") ? AnswerExtractor.Fallback.LAST_NUMBER
                : AnswerExtractor.Fallback.NONE;
        return new AnswerChecker(new AnswerExtractor(fallback), AnswerChecker.Mode.valueOf(mode.replace("_LAST", "")));
    }
}
