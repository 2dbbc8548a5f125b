package ai.fastmath.training.grpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.solve.AnswerChecker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stage-2 rewards against values worked out by hand from the paper's formulas. */
class RewardsTest {

    private static final double TOL = 1e-12;

    @Test
    void formatRewardWantsABoxBeforeTheThinkBlockCloses() {
        assertEquals(1.0, FormatReward.of("<think>\n2+3=5\nSo the answer is \\boxed{5}.\n</think>\n\nIt is 5."));
        assertEquals(1.0, FormatReward.of("\\boxed{5}</think>"), "nothing around it is fine");
        assertEquals(0.0, FormatReward.of("<think>\n2+3=5\n</think>\n\nThe answer is \\boxed{5}."), "boxed after </think>");
        assertEquals(0.0, FormatReward.of("<think>\nSo the answer is \\boxed{5}."), "never closes its thinking");
        assertEquals(0.0, FormatReward.of("<think>\n2+3=5\n</think>\n5"), "no box at all");
        assertEquals(0.0, FormatReward.of(""));
        assertEquals(0.0, FormatReward.of("\\boxed{5 </think>"), "the box must close before </think>");
        assertEquals(1.0, FormatReward.of("</think> \\boxed{1} \\boxed{5} </think>"), "any box before any later </think>");
    }

    @Test
    void formatRewardDecidesWhatThePapersRegexDecides() {
        // the paper's expression, the oracle on short strings where its backtracking is harmless
        java.util.regex.Pattern paper = java.util.regex.Pattern.compile("^.*?oxed\\{(.*?)\\}.*?</think>.*?$",
                java.util.regex.Pattern.DOTALL);
        String[] pieces = {"oxed{", "}", "</think>", "\\b", "x", "\n", "{", "</thi", "nk>"};
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int matches = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = b.toString();
            boolean expected = paper.matcher(s).matches();
            assertEquals(expected ? 1.0 : 0.0, FormatReward.of(s), s);
            matches += expected ? 1 : 0;
        }
        assertTrue(matches >= 100 && matches < 19_900, "both outcomes are exercised: " + matches + " of 20,000 match");
    }

    @Test
    void formatRewardIsLinearOnA200KilobyteCompletion() {
        // the regex's worst case: many boxes and braces, no </think> after them; it took seconds at 10 KB
        String worst = "<think>" + "\\boxed{1} }".repeat(200_000 / 12) + "</thin";
        long t0 = System.nanoTime();
        assertEquals(0.0, FormatReward.of(worst));
        assertEquals(1.0, FormatReward.of(worst + "k>"));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "one pass over 200 KB, not a cubic search");
    }

    @Test
    void cosineRewardAtTheEndsTheMiddleAndPastMaxLen() {
        CosineReward c = CosineReward.defaults(100);
        assertEquals(1.0, c.of(true, 0), TOL);
        assertEquals(0.55, c.of(true, 50), TOL); // 0.1 + 0.9 * (1 + cos(pi/2)) / 2
        assertEquals(0.1, c.of(true, 100), TOL);
        assertEquals(0.1, c.of(true, 250), TOL, "p is clipped at 1");
        assertEquals(-1.0, c.of(false, 0), TOL, "a short wrong answer is punished most");
        assertEquals(-0.55, c.of(false, 50), TOL);
        assertEquals(-0.1, c.of(false, 100), TOL);
        assertEquals(-0.1, c.of(false, 1000), TOL);
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * 0.25)) / 2, c.of(true, 25), TOL);
    }

    @Test
    void lengthRewardGivesLambdaToCorrectAndOnlyItsNegativePartToWrong() {
        // min 10, max 30: lambda = 0.5, 0.0, -0.5, 0.25
        double[] r = LengthReward.of(new int[] {10, 20, 30, 15}, new boolean[] {true, true, true, false});
        assertArrayEquals(new double[] {0.5, 0.0, -0.5, 0.0}, r, TOL);
        double[] wrong = LengthReward.of(new int[] {10, 20, 30}, new boolean[] {false, false, false});
        assertArrayEquals(new double[] {0.0, 0.0, -0.5}, wrong, TOL);
        assertArrayEquals(new double[] {0, 0, 0}, LengthReward.of(new int[] {7, 7, 7}, new boolean[] {true, false, true}), TOL,
                "all lengths equal: 0 for all");
        assertEquals(0, LengthReward.of(new int[0], new boolean[0]).length);
    }

    private static Completion completion(int group, String text, int tokens) {
        return new Completion(group, new int[] {1}, new int[tokens], text, false);
    }

    /** A LaTeX answer that is the gold one in another form is correct, decided by the CAS; a wrong one is not. */
    @Test
    void aLatexAnswerIsJudgedOnTheSymbolicPath() {
        List<Completion> cs = List.of(
                completion(0, "\\boxed{\\sqrt{8}}</think>", 5),
                completion(0, "\\boxed{\\sqrt{6}}</think>", 5),
                completion(1, "\\boxed{\\frac{\\pi}{2}}</think>", 5));
        RewardSettings cosineOnly = new RewardSettings(0, 1, 0, CosineReward.defaults(100), RewardSettings.Scope.GROUP,
                RewardSettings.Unit.CHARS);
        long before = ai.fastmath.solve.SymbolicEquality.shared().comparisons();
        List<Rewards.Score> s = new Rewards(cosineOnly, AnswerChecker.exact()).score(cs, List.of("2\\sqrt{2}", "\\pi/2"));
        assertTrue(s.get(0).correct(), "sqrt(8) = 2 sqrt(2)");
        assertFalse(s.get(1).correct(), "sqrt(6) is not 2 sqrt(2)");
        assertTrue(s.get(2).correct(), "pi/2 in two notations");
        assertEquals(3, ai.fastmath.solve.SymbolicEquality.shared().comparisons() - before, "each went to the CAS");
        assertEquals(CosineReward.defaults(100).of(true, 24), s.get(0).cosine(), TOL); // 24 chars, correct
    }

    @Test
    void scoresWeightTheRewardsAndCompareLengthsWithinTheChosenScope() {
        List<Completion> cs = List.of(
                completion(0, "\\boxed{5}</think>", 4), // correct, boxed before </think>, 17 chars
                completion(0, "</think>\\boxed{5} and more", 8), // correct, 26 chars
                completion(1, "</think>\\boxed{3}", 2), // wrong (gold 4), 17 chars
                completion(1, "</think>no answer here at all", 6)); // wrong, 29 chars
        RewardSettings group = new RewardSettings(1, 1, 1, CosineReward.defaults(100), RewardSettings.Scope.GROUP,
                RewardSettings.Unit.CHARS);
        List<Rewards.Score> s = new Rewards(group, AnswerChecker.exact()).score(cs, List.of("5", "4"));
        assertTrue(s.get(0).correct() && s.get(1).correct());
        assertFalse(s.get(2).correct() || s.get(3).correct());
        assertEquals(1.0, s.get(0).format());
        assertEquals(0.0, s.get(1).format());
        assertEquals(CosineReward.defaults(100).of(true, 17), s.get(0).cosine(), TOL);
        assertEquals(CosineReward.defaults(100).of(false, 29), s.get(3).cosine(), TOL);
        assertArrayEquals(new double[] {0.5, -0.5, 0.0, -0.5}, s.stream().mapToDouble(Rewards.Score::length).toArray(), TOL);
        assertEquals(1.0 + s.get(0).cosine() + 0.5, s.get(0).total(), TOL);

        RewardSettings batch = new RewardSettings(0, 0, 2, null, RewardSettings.Scope.BATCH, RewardSettings.Unit.TOKENS);
        List<Rewards.Score> b = new Rewards(batch, AnswerChecker.exact()).score(cs, List.of("5", "4"));
        // tokens 4, 8, 2, 6 over the whole batch: lambda = 0.5 - (len - 2) / 6
        assertArrayEquals(new double[] {2 * (0.5 - 2 / 6.0), 2 * (0.5 - 1), 0.0, 2 * Math.min(0, 0.5 - 4 / 6.0)},
                b.stream().mapToDouble(Rewards.Score::total).toArray(), TOL);
    }

    @Test
    void advantagesAreGroupRelative() {
        double std = Math.sqrt((2.25 + 0.25 + 0.25 + 2.25) / 3); // sample std of 1, 2, 3, 4
        double[] a = Advantages.of(new double[] {1, 2, 3, 4, 5, 5, 5, 5}, 4, true);
        assertArrayEquals(new double[] {-1.5 / (std + 1e-4), -0.5 / (std + 1e-4), 0.5 / (std + 1e-4), 1.5 / (std + 1e-4),
            0, 0, 0, 0}, a, 1e-12);
        assertArrayEquals(new double[] {-1.5, -0.5, 0.5, 1.5}, Advantages.of(new double[] {1, 2, 3, 4}, 4, false), 1e-12,
                "Dr. GRPO: no std scaling");
    }

    @Test
    void lossTypesWeighTokensAsTheirDefinitions() {
        int[] len = {2, 4, 6, 8};
        boolean[] all = {true, true, true, true};
        assertArrayEquals(new double[] {1 / 8.0, 1 / 16.0, 1 / 24.0, 1 / 32.0}, LossType.GRPO.weights(len, all, 2, 10), TOL);
        assertArrayEquals(new double[] {1 / 12.0, 1 / 12.0, 1 / 28.0, 1 / 28.0}, LossType.BNPO.weights(len, all, 2, 10), TOL);
        assertArrayEquals(new double[] {1 / 40.0, 1 / 40.0, 1 / 40.0, 1 / 40.0}, LossType.DR_GRPO.weights(len, all, 2, 10), TOL);
        assertArrayEquals(new double[] {1 / 20.0, 1 / 20.0, 1 / 20.0, 1 / 20.0}, LossType.DAPO.weights(len, all, 2, 10), TOL);
        boolean[] cut = {true, false, true, true};
        assertArrayEquals(new double[] {1 / 16.0, 0, 1 / 16.0, 1 / 16.0}, LossType.DAPO.weights(len, cut, 2, 10), TOL,
                "a masked (truncated) completion carries no loss and no share of the normaliser");
    }
}
