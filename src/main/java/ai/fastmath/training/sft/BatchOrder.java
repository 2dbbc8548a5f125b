package ai.fastmath.training.sft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Which examples each optimizer step of an epoch trains on: a function of the seed and the epoch only,
 * so a resumed run sees the same order. Every example appears once per epoch.
 *
 * <p>Grouped by length (Hugging Face's {@code LengthGroupedSampler}): the shuffled order is cut into
 * mega-batches of {@value #MEGA_BATCH} steps, each sorted longest first and cut into steps, and the
 * steps are shuffled again. A step's examples are then of similar length, so the attention padded to
 * its longest example wastes little, while the order stays random at the scale of an epoch.
 */
final class BatchOrder {

    static final int MEGA_BATCH = 50;

    private BatchOrder() {}

    /**
     * @param lengths each example's token count
     * @return the example indices of each step of the epoch, in order
     */
    static List<List<Integer>> epoch(int[] lengths, int perStep, long seed, int epoch, boolean groupByLength) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        Random random = new Random(seed * 1_000_003L + epoch);
        Collections.shuffle(order, random);
        if (groupByLength) {
            int mega = perStep * MEGA_BATCH;
            for (int from = 0; from < order.size(); from += mega) {
                order.subList(from, Math.min(order.size(), from + mega))
                        .sort(Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
            }
        }
        List<List<Integer>> steps = new ArrayList<>();
        for (int from = 0; from < order.size(); from += perStep) {
            steps.add(List.copyOf(order.subList(from, Math.min(order.size(), from + perStep))));
        }
        if (groupByLength) {
            // keep the (possibly short) last step last: only full steps move
            List<List<Integer>> full = steps.subList(0, order.size() % perStep == 0 ? steps.size() : steps.size() - 1);
            Collections.shuffle(full, random);
        }
        return steps;
    }
}
