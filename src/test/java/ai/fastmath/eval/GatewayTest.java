package ai.fastmath.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** AIMO's gateway: a seeded order, one problem at a time, no going back, every row submitted. */
class GatewayTest {

    private static final List<ProblemSet.Problem> SET = IntStream.range(0, 12)
            .mapToObj(i -> new ProblemSet.Problem("p" + i, "problem " + i, null)).toList();

    private static List<String> order(Gateway g) {
        List<String> ids = new ArrayList<>();
        for (var p = g.next(); p.isPresent(); p = g.next()) {
            ids.add(p.get().id());
            g.answer(p.get().id(), "1");
        }
        return ids;
    }

    @Test
    void servesEveryProblemOnceInASeededRandomOrder() {
        List<String> a = order(new Gateway(SET, 7, Map.of()));
        assertEquals(a, order(new Gateway(SET, 7, Map.of())));
        assertNotEquals(a, order(new Gateway(SET, 8, Map.of())));
        assertNotEquals(SET.stream().map(ProblemSet.Problem::id).toList(), a, "shuffled");
        assertEquals(12, a.stream().distinct().count());
    }

    @Test
    void eachProblemMustBeAnsweredBeforeTheNext() {
        Gateway g = new Gateway(SET, 1, Map.of());
        ProblemSet.Problem first = g.next().orElseThrow();
        assertThrows(IllegalStateException.class, g::next);
        assertThrows(IllegalStateException.class, () -> g.answer("not-" + first.id(), "3"));
        g.answer(first.id(), "3");
        assertThrows(IllegalStateException.class, () -> g.answer(first.id(), "4"), "no going back");
    }

    @Test
    void replaysEarlierAnswersAndSubmitsEveryRowWithTheFallback() {
        List<String> full = order(new Gateway(SET, 3, Map.of()));
        Gateway g = new Gateway(SET, 3, Map.of(full.get(0), "5", full.get(1), "6"));
        assertEquals(full.subList(2, full.size()), order(g), "continues where the earlier run stopped");
        Gateway partial = new Gateway(SET, 3, Map.of(full.get(0), "5"));
        Map<String, String> rows = partial.submission("0");
        assertEquals(12, rows.size());
        assertEquals(SET.get(0).id(), rows.keySet().iterator().next(), "file order");
        assertEquals("5", rows.get(full.get(0)));
        assertTrue(rows.entrySet().stream().filter(e -> !e.getKey().equals(full.get(0))).allMatch(e -> e.getValue().equals("0")));
        assertEquals(11, partial.unanswered().size());
    }
}
