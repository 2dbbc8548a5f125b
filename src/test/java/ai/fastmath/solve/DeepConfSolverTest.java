package ai.fastmath.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.engine.FakeRunner;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DeepConf on a scripted model whose two kinds of trace differ in confidence: a sample picks "42" or
 * "7" (p = 1/2 each), writes 40 tokens of filler, then its boxed answer. After "42" every row is peaked
 * (token confidence about 28.5); after "7" every row has 19 rivals 8 nats below the chosen token
 * (never drawn, but confidence about 7.6). The traces are the same length, so in waves of 4 the first
 * four are the warm-up: their best score is the threshold (keep 10%), and a later "7" trace is stopped
 * when its 32-token window fills, and does not vote.
 */
class DeepConfSolverTest {

    private static final int VOCAB = ScriptTokens.VOCAB;
    private static ScriptTokens t;

    @BeforeAll
    static void load() throws Exception {
        t = ScriptTokens.load(" hmm");
    }

    @AfterAll
    static void close() {
        t.close();
    }

    private static Function<int[], float[]> script(int promptLength) {
        return seq -> {
            float[] row = new float[VOCAB];
            int p = seq.length - promptLength;
            if (p == 0) {
                row[t.pick42()] = 30f;
                row[t.pick7()] = 30f;
                return row;
            }
            boolean confident = seq[promptLength] == t.pick42();
            int[] branch = confident ? t.branch42() : t.branch7();
            int fillers = 40;
            int next = p - 1 < fillers ? t.filler() : p - 1 - fillers < branch.length ? branch[p - 1 - fillers] : t.thinkEnd();
            if (!confident) {
                for (int j = 1; j <= 19; j++) {
                    row[(next + 7919 * j) % VOCAB] = 22f; // rivals far below: never drawn, but the top-20 is flatter
                }
            }
            row[next] = 30f;
            return row;
        };
    }

    private static SolveResult solve(SolveRequest r, List<ai.fastmath.solve.SolveEvent> events) throws Exception {
        int promptLength;
        try (Solver probe = new Solver(null, t.tokenizer())) {
            promptLength = probe.prompt(r).length;
        }
        FakeRunner runner = new FakeRunner(VOCAB, 1024, 16, List.of(151645), script(promptLength));
        try (Engine engine = new Engine(runner, t.tokenizer()::decode, EngineConfig.defaults().withKvCacheTokens(16384));
                Solver solver = new Solver(engine, t.tokenizer())) {
            return solver.start(r, events::add).result().get(60, TimeUnit.SECONDS);
        }
    }

    private static SolveRequest request(StopRule rule, long seed) {
        return SolveRequest.builder("What is 6*7?").samples(16).maxTokensPerSample(200).rule(rule).seed(seed)
                .includeText(true).maxParallel(4).build();
    }

    @Test
    void onlineDeepConfPrunesLowConfidenceTracesAfterTheWarmUpAndTheyDoNotVote() throws Exception {
        List<SolveEvent> events = new CopyOnWriteArrayList<>();
        SolveResult r = solve(request(StopRule.parse("deepconf:4/10/0.95"), 5L), events);
        assertEquals("42", r.answer());
        int pruned = 0;
        for (SolveResult.Sample s : r.samples()) {
            if ("low_confidence".equals(s.finishReason())) {
                pruned++;
                assertTrue(s.text().startsWith(" B"), "only the unsure branch is pruned: " + s.text());
                assertEquals(32, s.tokens(), "stopped when its 32-token window filled");
                assertNull(s.answer(), "a pruned trace does not vote");
            }
            if (s.text() != null && s.text().startsWith(" A")) {
                assertEquals("stop", s.finishReason(), "a confident trace is never pruned");
                assertNotNull(s.confidence());
                assertTrue(s.confidence() > 25, "a confident trace scores high: " + s.confidence());
            }
        }
        assertTrue(pruned >= 1, "this seed samples the unsure branch: " + r.samples());
        long voted = r.samples().stream().filter(s -> s.answer() != null).count();
        assertEquals(voted, r.tally().values().stream().mapToInt(Integer::intValue).sum(), "every unpruned answer votes");
        // the threshold comes from the first four traces to finish: no trace is pruned before them
        int finishedBefore = 0;
        for (SolveEvent e : events) {
            if (e instanceof SolveEvent.SampleFinished f) {
                if ("low_confidence".equals(f.finishReason())) {
                    break;
                }
                finishedBefore += "stop".equals(f.finishReason()) ? 1 : 0;
            }
        }
        assertTrue(finishedBefore >= 4, "pruning began after " + finishedBefore + " traces finished");
        assertTrue(events.stream().anyMatch(e -> e instanceof SolveEvent.SampleDelta d && d.groupConfidence() != null));
    }

    @Test
    void offlineConfidenceVoteWeighsTheConfidentTraces() throws Exception {
        SolveResult plain = solve(request(StopRule.NEVER, 5L), new CopyOnWriteArrayList<>());
        SolveResult conf = solve(request(StopRule.parse("conf-vote:lowest-group:top50"), 5L), new CopyOnWriteArrayList<>());
        assertEquals(plain.samples().stream().map(SolveResult.Sample::answer).toList(),
                conf.samples().stream().map(SolveResult.Sample::answer).toList(), "the same samples");
        assertEquals("42", conf.answer());
        long fortyTwos = plain.samples().stream().filter(s -> "42".equals(s.answer())).count();
        assertTrue(fortyTwos >= 8 && plain.tally().size() == 2, "this seed samples both, 42 at least half: " + plain.tally());
        // the top half by confidence is all "42": the weighted share is 1, while the plain vote's is not
        assertEquals(1.0, conf.share(), 1e-12);
        assertTrue(plain.share() < 1.0);
        assertEquals(8, conf.tally().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(conf.samples().stream().allMatch(s -> s.confidence() != null));
    }
}
