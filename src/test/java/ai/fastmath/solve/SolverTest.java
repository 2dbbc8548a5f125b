package ai.fastmath.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.engine.EngineOverloadedException;
import ai.fastmath.engine.FakeRunner;
import ai.fastmath.engine.SamplingParams;
import ai.fastmath.model.tokenizer.TextTokenizer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vote on a scripted model: each sample picks "42" (p = 0.75) or "7", boxes it, then stops at
 * {@code </think>} after a random number of filler tokens, so samples finish at different steps.
 */
class SolverTest {

    private static final int VOCAB = ScriptTokens.VOCAB;
    private static ScriptTokens tokens;
    private static TextTokenizer tokenizer;
    private static int[] branch42;
    private static int[] branch7;
    private static int pick42;
    private static int pick7;
    private static int thinkEnd;
    private static int filler;

    @BeforeAll
    static void load() throws Exception {
        tokens = ScriptTokens.load(" ok");
        tokenizer = tokens.tokenizer();
        pick42 = tokens.pick42();
        pick7 = tokens.pick7();
        branch42 = tokens.branch42();
        branch7 = tokens.branch7();
        thinkEnd = tokens.thinkEnd();
        filler = tokens.filler();
    }

    @AfterAll
    static void close() {
        tokens.close();
    }

    /** Logits of the scripted solver; the prompt ends with the generation prompt's last token. */
    private static Function<int[], float[]> script(int promptLength) {
        return seq -> {
            float[] row = new float[VOCAB];
            int p = seq.length - promptLength;
            if (p == 0) {
                row[pick42] = 30f + (float) Math.log(3);
                row[pick7] = 30f;
                return row;
            }
            int[] branch = seq[promptLength] == pick42 ? branch42 : branch7;
            if (p - 1 < branch.length) {
                row[branch[p - 1]] = 30f;
            } else {
                row[thinkEnd] = 30f;
                row[filler] = 30f + (float) Math.log(3); // on average 3 fillers before </think>
            }
            return row;
        };
    }

    private static SolveResult solve(SolveRequest r, long stepDelayMillis) throws Exception {
        int promptLength;
        try (Solver probe = new Solver(null, tokenizer)) {
            promptLength = probe.prompt(r).length;
        }
        FakeRunner runner = new FakeRunner(VOCAB, 512, 16, List.of(151645), script(promptLength));
        runner.stepDelayMillis = stepDelayMillis;
        try (Engine engine = new Engine(runner, tokenizer::decode, EngineConfig.defaults().withKvCacheTokens(8192));
                Solver solver = new Solver(engine, tokenizer)) {
            return solver.solve(r).get(30, TimeUnit.SECONDS);
        }
    }

    private static SolveRequest request(int n, StopRule rule, long budget, Duration deadline) {
        return SolveRequest.builder("What is 6*7?").samples(n).maxTokensPerSample(200).tokenBudget(budget).deadline(deadline)
                .rule(rule).seed(11L).includeText(true).build();
    }

    @Test
    void fixedNRunsEverySampleAndVotes() throws Exception {
        SolveResult r = solve(request(16, StopRule.NEVER, 0, null), 0);
        assertEquals("42", r.answer());
        assertEquals("all_finished", r.stopReason());
        assertEquals(16, r.finished());
        assertEquals(16, r.tally().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(r.tally().containsKey("7"), "both branches sampled: " + r.tally());
        SolveResult.Sample s = r.samples().get(0);
        assertTrue(s.text().contains("\\boxed{"), s.text());
        assertTrue(!s.text().contains("</think>"), "generation stops at </think>");
        assertEquals("stop", s.finishReason());
    }

    @Test
    void earlyStoppingSavesTokensAndKeepsTheAnswer() throws Exception {
        SolveResult all = solve(request(16, StopRule.NEVER, 0, null), 0);
        for (StopRule rule : List.of(StopRule.CANNOT_BE_OVERTAKEN, StopRule.beta(0.95), StopRule.kOfFirstM(4, 5))) {
            SolveResult r = solve(request(16, rule, 0, null), 0);
            assertEquals("42", r.answer(), rule.name());
            assertEquals(rule.name(), r.stopReason());
            assertTrue(r.finished() < 16, rule.name() + " stopped early: " + r.finished());
            assertTrue(r.tokens() < all.tokens(), rule.name() + " used " + r.tokens() + " of " + all.tokens());
            long aborted = r.samples().stream().filter(s -> "abort".equals(s.finishReason())).count();
            assertEquals(16 - r.finished(), aborted, "the rest were cancelled");
        }
    }

    @Test
    void wavesGiveTheSameSamplesAndAnEarlyStopNeverStartsTheRest() throws Exception {
        SolveResult all = solve(request(16, StopRule.NEVER, 0, null), 0);
        SolveResult waves = solve(request(16, StopRule.NEVER, 0, null).withMaxParallel(4), 0);
        assertEquals(all.samples(), waves.samples(), "sample i is seeded seed + i in both schedules");
        assertEquals(16, waves.started());

        SolveResult parallel = solve(request(16, StopRule.beta(0.95), 0, null), 0);
        SolveResult waved = solve(request(16, StopRule.beta(0.95), 0, null).withMaxParallel(4), 0);
        assertEquals("42", waved.answer());
        assertEquals("beta", waved.stopReason());
        assertTrue(waved.started() < 16, "the vote was decided before every sample started: " + waved.started());
        assertTrue(waved.tokens() < parallel.tokens(), waved.tokens() + " tokens in waves vs " + parallel.tokens() + " all at once");
        long aborted = waved.samples().stream().filter(s -> "abort".equals(s.finishReason())).count();
        assertEquals(16 - waved.finished(), aborted, "never-started samples are reported cancelled");
        assertThrows(IllegalArgumentException.class, () -> request(4, StopRule.NEVER, 0, null).withMaxParallel(65));
    }

    @Test
    void tokenBudgetAndDeadlineEndTheVoteWithWhatFinished() throws Exception {
        SolveResult budget = solve(request(16, StopRule.NEVER, 60, null), 0);
        assertEquals("token_budget", budget.stopReason());
        assertTrue(budget.tokens() < 16 * 6, "stopped near the budget: " + budget.tokens());

        SolveResult late = solve(request(16, StopRule.NEVER, 0, Duration.ofMillis(150)), 20);
        assertEquals("deadline", late.stopReason());
        assertTrue(late.seconds() < 5);
        // 20 ms a step and 150 ms: the scripted samples (4+ tokens each) cannot all finish
        assertEquals(16, late.samples().size(), "every sample is reported");
        List<SolveResult.Sample> cut = late.samples().stream().filter(s -> "abort".equals(s.finishReason())).toList();
        List<SolveResult.Sample> done = late.samples().stream().filter(s -> !"abort".equals(s.finishReason())).toList();
        assertTrue(!cut.isEmpty(), "the deadline cut samples still running");
        assertEquals(done.size(), late.finished());
        assertTrue(cut.stream().allMatch(s -> s.answer() == null), "a cut sample does not vote");
        java.util.Map<String, Integer> byHand = new java.util.TreeMap<>();
        done.stream().filter(s -> s.answer() != null).forEach(s -> byHand.merge(s.answer(), 1, Integer::sum));
        assertEquals(byHand, new java.util.TreeMap<>(late.tally()), "the tally is the finished samples' answers");
        assertEquals(late.samples().stream().mapToLong(SolveResult.Sample::tokens).sum(), late.tokens());
    }

    @Test
    void eventsStreamEverySampleThenTheVoteThenTheResult() throws Exception {
        SolveRequest r = request(6, StopRule.NEVER, 0, null);
        int promptLength;
        try (Solver probe = new Solver(null, tokenizer)) {
            promptLength = probe.prompt(r).length;
        }
        List<SolveEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        FakeRunner runner = new FakeRunner(VOCAB, 512, 16, List.of(151645), script(promptLength));
        try (Engine engine = new Engine(runner, tokenizer::decode, EngineConfig.defaults().withKvCacheTokens(8192));
                Solver solver = new Solver(engine, tokenizer)) {
            SolveResult result = solver.start(r, events::add).result().get(30, TimeUnit.SECONDS);
            assertTrue(events.get(events.size() - 1) instanceof SolveEvent.Done d && d.result() == result);
            assertEquals(6, events.stream().filter(e -> e instanceof SolveEvent.SampleFinished).count());
            assertEquals(6, events.stream().filter(e -> e instanceof SolveEvent.VoteUpdate).count());
            SolveEvent.VoteUpdate lastVote = (SolveEvent.VoteUpdate) events.stream()
                    .filter(e -> e instanceof SolveEvent.VoteUpdate).reduce((a, b) -> b).orElseThrow();
            assertEquals(result.tally(), lastVote.tally());
            assertEquals(0, lastVote.running());
            for (int i = 0; i < 6; i++) {
                int index = i;
                String streamed = events.stream().filter(e -> e instanceof SolveEvent.SampleDelta d && d.index() == index)
                        .map(e -> ((SolveEvent.SampleDelta) e).text()).reduce("", String::concat);
                assertEquals(result.samples().get(i).text(), streamed, "the deltas add up to the sample's text");
            }
        }
    }

    @Test
    void benchmarkComparesRulesOnTheSameSamples() throws Exception {
        SolveRequest template = request(16, StopRule.NEVER, 0, null);
        int promptLength;
        try (Solver probe = new Solver(null, tokenizer)) {
            promptLength = probe.prompt(template).length;
        }
        FakeRunner runner = new FakeRunner(VOCAB, 512, 16, List.of(151645), script(promptLength));
        try (Engine engine = new Engine(runner, tokenizer::decode, EngineConfig.defaults().withKvCacheTokens(16384));
                Solver solver = new Solver(engine, tokenizer)) {
            List<SolveBenchmark.Item> items = List.of(new SolveBenchmark.Item("a", "What is 6*7?", "42"),
                    new SolveBenchmark.Item("b", "What is 6*7?", "42.0"), new SolveBenchmark.Item("c", "What is 6*7?", "7"));
            List<SolveBenchmark.RuleRun> runs = SolveBenchmark.run(solver, items, template,
                    List.of("none", "unbeatable", "k-of-m:4/5"), 2, 5, x -> { });
            assertEquals(3, runs.size());
            SolveBenchmark.RuleRun fixed = runs.get(0);
            assertEquals(0.0, fixed.tokenSaving());
            assertEquals(16.0, fixed.meanFinished());
            assertEquals(2 / 3.0, fixed.accuracy(), 1e-9, "the vote says 42; gold 42.0 is the same answer, 7 is not");
            for (SolveBenchmark.RuleRun r : runs.subList(1, 3)) {
                assertTrue(r.tokenSaving() > 0, r.rule() + " saved " + r.tokenSaving());
                assertEquals(fixed.accuracy(), r.accuracy(), 1e-9, r.rule());
                assertTrue(r.meanFinished() < 16, r.rule());
            }
        }
    }

    @Test
    void deadlineTimersEndWithTheirRuns() throws Exception {
        SolveRequest far = request(4, StopRule.NEVER, 0, Duration.ofDays(100)); // a deadline days ahead
        int promptLength;
        try (Solver probe = new Solver(null, tokenizer)) {
            promptLength = probe.prompt(far).length;
        }
        FakeRunner runner = new FakeRunner(VOCAB, 512, 16, List.of(151645), script(promptLength));
        try (Engine engine = new Engine(runner, tokenizer::decode, EngineConfig.defaults().withKvCacheTokens(8192));
                Solver solver = new Solver(engine, tokenizer)) {
            List<SolveResult> results = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(solver.solve(far).get(30, TimeUnit.SECONDS));
            }
            assertTrue(results.stream().allMatch(r -> r.stopReason().equals("all_finished") && r.finished() == 4));
            // the timer is cancelled when its run ends; before, 20 timers (and their runs' texts) waited 100 days
            long until = System.nanoTime() + 5_000_000_000L;
            while (solver.pendingDeadlines() > 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(0, solver.pendingDeadlines());
        }
    }

    /**
     * A later wave that the engine refuses ends the vote over what finished, and the response says why:
     * {@code engine_full} for an overload (the queue filled up), {@code error} for anything else (here
     * the engine was closed). Before, both read {@code engine_full}, and a failure counted as an overload.
     */
    @Test
    void aRefusedWaveSaysOverloadOrFailure() throws Exception {
        for (String reason : List.of("engine_full", "error")) {
            SolveRequest oneAtATime = request(3, StopRule.NEVER, 0, null).toBuilder().maxParallel(1).build();
            int promptLength;
            try (Solver probe = new Solver(null, tokenizer)) {
                promptLength = probe.prompt(oneAtATime).length;
            }
            FakeRunner runner = new FakeRunner(VOCAB, 512, 16, List.of(151645), script(promptLength));
            Engine engine = new Engine(runner, tokenizer::decode, new EngineConfig(32, 512, 8192, 16, 2));
            try (Solver solver = new Solver(engine, tokenizer)) {
                // called on the engine's thread when sample 0 ends, before the solver submits sample 1
                java.util.function.Consumer<SolveEvent> refuseTheNextWave = e -> {
                    if (e instanceof SolveEvent.SampleFinished f && f.index() == 0) {
                        if (reason.equals("engine_full")) {
                            fillTheQueue(engine);
                        } else {
                            closeFromOutside(engine);
                        }
                    }
                };
                SolveResult r = solver.start(oneAtATime, refuseTheNextWave).result().get(30, TimeUnit.SECONDS);
                assertEquals(reason, r.stopReason());
                assertEquals(1, r.finished(), "the vote is over the one sample that finished");
                assertEquals(1, r.tally().values().stream().mapToInt(Integer::intValue).sum(), r.tally().toString());
                assertEquals(List.of("abort", "abort"), r.samples().subList(1, 3).stream().map(SolveResult.Sample::finishReason).toList());
            } finally {
                engine.close();
            }
        }
    }

    private static void fillTheQueue(Engine engine) {
        SamplingParams one = SamplingParams.builder().maxTokens(1).build();
        for (int i = 0; i < 4; i++) {
            try {
                engine.submit(new int[] {1}, one);
            } catch (EngineOverloadedException full) {
                return;
            }
        }
        throw new AssertionError("the engine's queue of 2 never filled");
    }

    /** Closes the engine from another thread; close() interrupts this (the engine's) thread once it is closed. */
    private static void closeFromOutside(Engine engine) {
        Thread closer = new Thread(engine::close);
        closer.start();
        try {
            Thread.sleep(30_000);
            throw new AssertionError("close() did not interrupt the engine's thread");
        } catch (InterruptedException closed) {
            Thread.currentThread().interrupt(); // the engine's loop stops on it after the solver's next step
        }
    }

    @Test
    void badRequestsNameTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> request(65, StopRule.NEVER, 0, null));
        assertTrue(e.getMessage().startsWith("n:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SolveRequest.builder(" ").rule(StopRule.NEVER).build());
        assertTrue(e.getMessage().startsWith("problem:"), e.getMessage());
        assertEquals(8, SolveRequest.of("x", 100).samples());
        assertTrue(Arrays.asList("beta").contains(SolveRequest.of("x", 100).rule().name()));
    }

    @Test
    void aStageOneModelBoxesAfterThinkEnd() throws Exception {
        // the reply "</think> so \boxed{42}." then eos: stopped at </think> it has no answer; run to the end it has 42
        SolveRequest r = request(2, StopRule.NEVER, 0, null);
        int promptLength;
        try (Solver probe = new Solver(null, tokenizer)) {
            promptLength = probe.prompt(r).length;
        }
        int[] reply = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(thinkEnd),
                java.util.Arrays.stream(branch42)).toArray();
        Function<int[], float[]> afterThink = seq -> {
            float[] row = new float[VOCAB];
            int p = seq.length - promptLength;
            row[p < reply.length ? reply[p] : 151645] = 30f;
            return row;
        };
        for (boolean stopAtThinkEnd : List.of(true, false)) {
            FakeRunner runner = new FakeRunner(VOCAB, 512, 16, List.of(151645), afterThink);
            try (Engine engine = new Engine(runner, tokenizer::decode, EngineConfig.defaults().withKvCacheTokens(8192));
                    Solver solver = new Solver(engine, tokenizer, "fake", stopAtThinkEnd ? List.of("</think>") : List.of())) {
                SolveResult res = solver.solve(r).get(30, TimeUnit.SECONDS);
                assertEquals(stopAtThinkEnd ? null : "42", res.answer(), "stop at </think>: " + stopAtThinkEnd);
                assertEquals(stopAtThinkEnd ? 1 : reply.length + 1, res.samples().get(0).tokens());
            }
        }
    }
}
