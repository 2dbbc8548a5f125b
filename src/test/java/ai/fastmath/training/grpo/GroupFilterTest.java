package ai.fastmath.training.grpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GroupFilterTest {

    private static Rewards.Score score(boolean correct) {
        return new Rewards.Score(correct, 1, correct ? 0.5 : -0.5, 0, correct ? 1.5 : 0.5);
    }

    /** Three groups of two: all wrong, mixed, all correct. */
    private static final List<Rewards.Score> STEP = Stream.of(false, false, true, false, true, true).map(GroupFilterTest::score).toList();

    @Test
    void keepsWholeGroupsByTheirCorrectness() {
        assertArrayEquals(new boolean[] {true, true, true, true, true, true}, GroupFilter.NONE.keep(STEP, 2));
        assertArrayEquals(new boolean[] {false, false, true, true, true, true}, GroupFilter.ALL_WRONG.keep(STEP, 2));
        assertArrayEquals(new boolean[] {false, false, true, true, false, false}, GroupFilter.SAME_ACCURACY.keep(STEP, 2));
        assertArrayEquals(new boolean[] {true, true, true, true, true, true}, GroupFilter.ALL_WRONG.keep(STEP, 3),
                "groups of three: (wrong, wrong, right) and (wrong, right, right)");
        assertArrayEquals(new boolean[] {false}, GroupFilter.SAME_ACCURACY.keep(STEP.subList(0, 1), 1), "a group of one never varies");
    }

    @Test
    void scoresThatAreNotWholeGroupsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GroupFilter.ALL_WRONG.keep(STEP, 4));
        assertThrows(IllegalArgumentException.class, () -> GroupFilter.NONE.keep(STEP, 0));
    }
}
