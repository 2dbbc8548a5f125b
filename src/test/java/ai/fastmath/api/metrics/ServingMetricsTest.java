package ai.fastmath.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.SolveResult;
import ai.fastmath.solve.StopRule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vote metrics: tokens saved by early stopping (worked by hand), and what counts as an early stop. */
class ServingMetricsTest {

    private static SolveRequest request(int n, StopRule rule) {
        return SolveRequest.builder("p").samples(n).maxTokensPerSample(100).rule(rule).seed(1L).build();
    }

    /** Finished samples of the given lengths, then aborted ones with the tokens they had used. */
    private static SolveResult result(String stopReason, int[] finished, int[] aborted) {
        List<SolveResult.Sample> samples = new ArrayList<>();
        long tokens = 0;
        for (int t : finished) {
            samples.add(new SolveResult.Sample(samples.size(), "42", t, "stop", null));
            tokens += t;
        }
        for (int t : aborted) {
            samples.add(new SolveResult.Sample(samples.size(), null, t, "abort", null));
            tokens += t;
        }
        return new SolveResult("42", 1.0, Map.of("42", finished.length), samples, tokens, 0.1, samples.size(),
                finished.length, stopReason);
    }

    @Test
    void tokensSavedIsTheCancelledSamplesAtTheFinishedMeanLessWhatTheyUsed() {
        // 3 finished of 100, 200, 300 tokens (mean 200); 5 cancelled, having used 10 + 20 + 0 + 0 + 0 (3 never started)
        SolveRequest r = request(8, StopRule.beta(0.95));
        assertEquals(5 * 200 - 30, ServingMetrics.tokensSaved(r, result("beta", new int[] {100, 200, 300}, new int[] {10, 20})));
        // a cancelled sample already longer than the mean saves nothing of its own, but the count stays positive
        assertEquals(Math.max(0, 1 * 100.0 - 500), ServingMetrics.tokensSaved(request(2, StopRule.beta(0.95)),
                result("beta", new int[] {100}, new int[] {500})));
        assertEquals(0, ServingMetrics.tokensSaved(r, result("beta", new int[] {}, new int[] {5, 5})), "nothing finished");
        assertEquals(0, ServingMetrics.tokensSaved(request(3, StopRule.NEVER),
                result("all_finished", new int[] {1, 2, 3}, new int[] {})), "nothing cancelled");
    }

    @Test
    void onlyTheRequestsOwnRuleIsAnEarlyStop() {
        SolveRequest r = request(8, StopRule.beta(0.95));
        assertTrue(ServingMetrics.isEarlyStop(r, result("beta", new int[] {9}, new int[] {1})));
        for (String notEarly : List.of("all_finished", "token_budget", "deadline", "cancelled", "shutdown", "engine_full",
                "error")) {
            assertFalse(ServingMetrics.isEarlyStop(r, result(notEarly, new int[] {9}, new int[] {1})), notEarly);
        }
        assertFalse(ServingMetrics.isEarlyStop(request(8, StopRule.NEVER), result("none", new int[] {9}, new int[] {})));
    }

    @Test
    void anOverloadOrAFailureIsCountedByItsReasonAndSavesNoTokens() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ServingMetrics metrics = new ServingMetrics(registry);
        SolveRequest r = request(8, StopRule.beta(0.95));
        metrics.solved(r, result("engine_full", new int[] {100, 100}, new int[] {0, 0, 0, 0, 0, 0}));
        metrics.solved(r, result("error", new int[] {100}, new int[] {0}));
        assertEquals(0, registry.counter("fastmath.solve.tokens.saved").count(), "neither saved tokens");
        assertEquals(0, registry.find("fastmath.solve.early.stops").counters().size(), "neither is an early stop");
        assertEquals(1, registry.counter("fastmath.solve.requests", "stop_reason", "engine_full").count());
        assertEquals(1, registry.counter("fastmath.solve.requests", "stop_reason", "error").count());
        metrics.solved(r, result("beta", new int[] {100, 300}, new int[] {50}));
        assertEquals(6 * 200 - 50, registry.counter("fastmath.solve.tokens.saved").count());
        assertEquals(1, registry.counter("fastmath.solve.early.stops", "rule", "beta").count());
    }

    /** The CAS's comparisons and timeouts are exported, as the answer checker counts them. */
    @Test
    void casComparisonsAndTimeoutsAreExported() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ServingMetrics(registry);
        ai.fastmath.solve.SymbolicEquality cas = ai.fastmath.solve.SymbolicEquality.shared();
        double before = registry.get("fastmath.answer.cas.comparisons").functionCounter().count();
        assertEquals(ai.fastmath.solve.SymbolicEquality.Outcome.EQUAL, cas.compare("\\sqrt{8}", "2\\sqrt{2}"));
        assertEquals(before + 1, registry.get("fastmath.answer.cas.comparisons").functionCounter().count());
        assertEquals(cas.timeouts(), registry.get("fastmath.answer.cas.timeouts").functionCounter().count());
    }
}
