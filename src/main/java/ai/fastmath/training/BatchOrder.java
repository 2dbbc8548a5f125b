package ai.fastmath.training;

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
public final class BatchOrder {

    static final int MEGA_BATCH = 50;

    private BatchOrder() {}

    /**
     * @param lengths each example's token count
     * @return the example indices of each step of the epoch, in order
     */
    public static List<List<Integer>> epoch(int[] lengths, int perStep, long seed, int epoch, boolean groupByLength) {
        Random random = random(seed, epoch);
        List<Integer> order = shuffled(lengths.length, random);
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

    /** 0 .. n-1 in the order of pass {@code epoch} over the data (no grouping). */
    public static List<Integer> shuffled(int n, long seed, int epoch) {
        return shuffled(n, random(seed, epoch));
    }

    private static Random random(long seed, int epoch) {
        return new Random(seed * 1_000_003L + epoch);
    }

    private static List<Integer> shuffled(int n, Random random) {
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        return order;
    }
}
