package ai.fastmath.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchOrderTest {

    private static int[] lengths(int n) {
        Random r = new Random(1);
        return IntStream.range(0, n).map(i -> 100 + r.nextInt(900)).toArray();
    }

    private static List<Integer> flat(List<List<Integer>> steps) {
        return steps.stream().flatMap(List::stream).toList();
    }

    @Test
    void everyExampleOncePerEpochInStepsOfTheSize() {
        int[] len = lengths(1003);
        for (boolean grouped : new boolean[] {false, true}) {
            List<List<Integer>> steps = BatchOrder.epoch(len, 8, 5, 2, grouped);
            assertEquals(126, steps.size());
            assertEquals(IntStream.range(0, 1003).boxed().toList(), flat(steps).stream().sorted().toList());
            assertTrue(steps.subList(0, 125).stream().allMatch(s -> s.size() == 8));
            assertEquals(3, steps.get(125).size(), "the short step is the last");
        }
    }

    @Test
    void theOrderIsAFunctionOfSeedAndEpoch() {
        int[] len = lengths(400);
        assertEquals(BatchOrder.epoch(len, 8, 5, 1, true), BatchOrder.epoch(len, 8, 5, 1, true));
        assertNotEquals(BatchOrder.epoch(len, 8, 5, 1, true), BatchOrder.epoch(len, 8, 5, 2, true));
        assertNotEquals(BatchOrder.epoch(len, 8, 5, 1, true), BatchOrder.epoch(len, 8, 6, 1, true));
    }

    /** Attention is padded to a step's longest example: the padding a step wastes. */
    private static long padding(int[] len, List<List<Integer>> steps) {
        long pad = 0;
        for (List<Integer> s : steps) {
            int max = s.stream().mapToInt(i -> len[i]).max().orElse(0);
            pad += s.stream().mapToInt(i -> max - len[i]).sum();
        }
        return pad;
    }

    @Test
    void groupingByLengthCutsThePaddingAndStillShufflesTheSteps() {
        int[] len = lengths(4000);
        List<List<Integer>> plain = BatchOrder.epoch(len, 16, 0, 0, false);
        List<List<Integer>> grouped = BatchOrder.epoch(len, 16, 0, 0, true);
        assertTrue(padding(len, grouped) * 10 < padding(len, plain), padding(len, grouped) + " vs " + padding(len, plain));
        for (List<Integer> s : grouped) {
            int max = s.stream().mapToInt(i -> len[i]).max().orElseThrow();
            int min = s.stream().mapToInt(i -> len[i]).min().orElseThrow();
            assertTrue(max - min < 100, "a step holds examples of similar length: " + min + ".." + max);
        }
        List<Integer> firstOfStep = grouped.stream().map(s -> len[s.get(0)]).toList();
        assertNotEquals(firstOfStep.stream().sorted(java.util.Comparator.reverseOrder()).toList(), firstOfStep,
                "steps are not in length order");
    }
}
