package ai.fastmath.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.Golden;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.TensorRuntime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine on the golden checkpoint, against the plain reference decoder. */
class EngineGoldenTest {

    private static Qwen2Model model;

    @BeforeAll
    static void load() {
        model = Qwen2Model.load(Golden.dir(Golden.F32), TensorRuntime.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Engine engine(EngineConfig config) {
        return Engine.of(model, null, config);
    }

    private static SamplingParams greedy(int maxTokens) {
        return SamplingParams.builder().maxTokens(maxTokens).ignoreEos(true).build();
    }

    @Test
    void mixedBatchWithStaggeredArrivalsEqualsEachRequestAlone() throws Exception {
        Random r = new Random(9);
        int[][] prompts = {tokens(r, 3), tokens(r, 30), tokens(r, 1), tokens(r, 17), tokens(r, 9), tokens(r, 45)};
        // small step budget: the long prompts are prefilled in chunks while the others decode
        EngineConfig config = new EngineConfig(8, 12, 512, 4, 100);
        try (Engine engine = engine(config)) {
            List<RequestHandle> handles = new ArrayList<>();
            for (int i = 0; i < prompts.length; i++) {
                handles.add(engine.submit(prompts[i], greedy(10 + i)));
                if (i % 2 == 1) {
                    // the next arrivals join while these are mid-generation
                    long before = engine.stats().generatedTokens();
                    EngineTest.waitFor(() -> engine.stats().generatedTokens() >= before + 2);
                }
            }
            for (int i = 0; i < prompts.length; i++) {
                List<Integer> got = handles.get(i).result().get(60, TimeUnit.SECONDS).sequences().get(0).tokenIds();
                assertEquals(ReferenceDecoder.greedy(model, prompts[i], 10 + i), got, "request " + i);
            }
            EngineTest.waitFor(() -> engine.stats().kvUsage() == 0.0);
        }
    }

    @Test
    void parallelSamplingPrefillsOnceAndForks() throws Exception {
        int[] prompt = tokens(new Random(3), 37); // 9 full blocks of 4 and a partial one
        EngineConfig config = new EngineConfig(16, 256, 1024, 4, 100);
        try (Engine engine = engine(config)) {
            RequestOutput sampled = engine.generate(prompt,
                    SamplingParams.builder().n(8).temperature(1.0).seed(7L).maxTokens(12).ignoreEos(true).build());
            assertEquals(37, sampled.prefillTokens(), "the prompt ran once for all 8 samples");
            assertEquals(37, engine.stats().promptTokens());
            Set<List<Integer>> distinct = new HashSet<>();
            sampled.sequences().forEach(s -> distinct.add(s.tokenIds()));
            assertEquals(8, distinct.size(), "seed + i gives each sample its own tokens");

            RequestOutput again = engine.generate(prompt,
                    SamplingParams.builder().n(8).temperature(1.0).seed(7L).maxTokens(12).ignoreEos(true).build());
            for (int i = 0; i < 8; i++) {
                assertEquals(sampled.sequences().get(i).tokenIds(), again.sequences().get(i).tokenIds(), "seeded: reproducible");
            }

            RequestOutput greedy = engine.generate(prompt, SamplingParams.builder().n(8).maxTokens(12).ignoreEos(true).build());
            List<Integer> reference = ReferenceDecoder.greedy(model, prompt, 12);
            greedy.sequences().forEach(s -> assertEquals(reference, s.tokenIds(), "greedy children equal the reference"));
            EngineTest.waitFor(() -> engine.stats().kvUsage() == 0.0);
        }
    }

    @Test
    void twoHundredConcurrentRequestsOnACacheForEightSequencesAllComplete() throws Exception {
        // each request needs up to 6 + 10 = 16 positions = 4 blocks; the cache has 32 blocks: 8 sequences
        EngineConfig config = new EngineConfig(32, 64, 128, 4, 1000);
        Random r = new Random(11);
        int n = 200;
        int[][] prompts = new int[n][];
        for (int i = 0; i < n; i++) {
            prompts[i] = tokens(r, 1 + r.nextInt(6));
        }
        try (Engine engine = engine(config)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Double> maxUsage = new AtomicReference<>(0.0);
            Thread watcher = new Thread(() -> {
                while (!stop.get()) {
                    maxUsage.accumulateAndGet(engine.stats().kvUsage(), Math::max);
                    Thread.onSpinWait();
                }
            });
            watcher.start();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<Future<RequestOutput>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int[] p = prompts[i];
                int max = 4 + i % 7;
                futures.add(clients.submit(() -> engine.generate(p, greedy(max))));
            }
            Set<Long> ids = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < n; i++) {
                RequestOutput out = futures.get(i).get(120, TimeUnit.SECONDS);
                assertTrue(ids.add(out.requestId()), "no duplicate results");
                assertEquals(4 + i % 7, out.sequences().get(0).tokenIds().size(), "request " + i + " ran to its length");
                if (i % 25 == 0) {
                    assertEquals(ReferenceDecoder.greedy(model, prompts[i], 4 + i % 7), out.sequences().get(0).tokenIds(),
                            "request " + i + " (preemption and recomputation keep greedy outputs exact)");
                }
            }
            clients.shutdown();
            stop.set(true);
            watcher.join();
            assertEquals(n, ids.size());
            assertTrue(maxUsage.get() <= 1.0, "KV usage never above capacity");
            assertTrue(maxUsage.get() > 0.5, "the cache was actually under pressure: " + maxUsage.get());
            EngineTest.waitFor(() -> engine.stats().kvUsage() == 0.0);
            assertEquals(n, engine.stats().finished(FinishReason.LENGTH));
        }
    }

    @Test
    void preemptedSequencesAreRecomputedAndFinishExactly() throws Exception {
        // 3 long requests, room for fewer than 3 at full length: the newest is preempted and recomputed
        EngineConfig config = new EngineConfig(8, 64, 48, 4, 100);
        Random r = new Random(12);
        try (Engine engine = engine(config)) {
            List<RequestHandle> handles = new ArrayList<>();
            List<int[]> prompts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                prompts.add(tokens(r, 4));
                handles.add(engine.submit(prompts.get(i), greedy(24)));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(ReferenceDecoder.greedy(model, prompts.get(i), 24),
                        handles.get(i).result().get(60, TimeUnit.SECONDS).sequences().get(0).tokenIds());
            }
            assertTrue(engine.stats().preemptions() > 0, "the cache forced preemption");
            assertTrue(engine.stats().promptTokens() > 12, "preempted sequences were recomputed");
        }
    }

    private static int[] tokens(Random r, int n) {
        return r.ints(n, 0, 96).toArray();
    }
}
