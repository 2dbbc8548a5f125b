package ai.fastmath.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.solve.AnswerChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every answer of a generated curriculum is right: recomputed from the problem text by
 * {@link ReferenceSolver}, equal to the last boxed answer of the trace, and every arithmetic claim
 * inside the trace is true.
 */
class CurriculumAnswersTest {

    private static final AnswerChecker CHECKER = AnswerChecker.exact();

    private static Curriculum.Splits splits;

    @BeforeAll
    static void generate() {
        splits = new Curriculum(CurriculumConfig.DEFAULT).generate(1, new SplitSizes(3000, 240, 240, 480));
    }

    private static List<Example> all() {
        return Stream.of(splits.train(), splits.val(), splits.test(), splits.grpo()).flatMap(List::stream).toList();
    }

    @Test
    void answersFollowFromTheProblemText() {
        for (Example e : all()) {
            assertEquals(ReferenceSolver.solve(e.problem()).toString(), e.answer(), e.problem());
        }
    }

    @Test
    void theLastBoxedAnswerIsTheAnswer() {
        for (Example e : all()) {
            if (e.generation() != null) {
                assertEquals(Optional.of(e.answer()), CHECKER.answer(e.generation()), e.generation());
                assertTrue(CHECKER.correct(e.generation(), e.answer()));
            }
        }
    }

    @Test
    void everyArithmeticClaimInTheTracesIsTrue() {
        int claims = 0;
        int traces = 0;
        List<String> wrong = new ArrayList<>();
        for (Example e : all()) {
            if (e.generation() != null) {
                traces++;
                claims += ArithmeticClaims.claims(e.generation()).size();
                ArithmeticClaims.falseClaims(e.generation()).forEach(c -> wrong.add(c + "   in " + e.problem()));
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(claims > 5 * traces, "the traces are step by step: " + claims + " claims in " + traces + " traces");
    }

    @Test
    void everyFamilyAndLevelIsChecked() {
        for (Family f : Curriculum.families()) {
            for (int level = Family.MIN_LEVEL; level <= Family.MAX_LEVEL; level++) {
                final int l = level;
                long n = splits.train().stream().filter(e -> e.family().equals(f.name()) && e.level() == l).count();
                assertEquals(3000 / 24, n, f.name() + " level " + l);
            }
        }
    }
}
