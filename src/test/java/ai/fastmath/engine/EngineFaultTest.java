package ai.fastmath.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.Golden;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.TensorRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An exception inside an engine step fails only the request it belongs to: the others finish with the
 * outputs they would have had alone, their KV intact, and the engine keeps serving.
 */
class EngineFaultTest {

    private static final int VOCAB = 16;
    private static final int POISON = 15; // the fake model throws on any sequence holding it
    private static final int TURNS_POISONOUS = 14; // a prompt starting with it samples POISON as its 4th token
    private static final int UNSPEAKABLE = 13; // the test decoder throws on it
    private static final int TURNS_UNSPEAKABLE = 12; // a prompt starting with it samples UNSPEAKABLE as its 3rd token

    /** The fake model: a function of the whole sequence (through the runner's slots), tokens 1..11 normally. */
    private static float[] logits(int[] seq) {
        for (int i = 0; i < seq.length; i++) {
            if (seq[i] == POISON) {
                throw new IllegalStateException("poisoned token " + POISON + " at position " + i);
            }
        }
        int next;
        if (seq[0] == TURNS_POISONOUS && seq.length >= 6) {
            next = POISON;
        } else if (seq[0] == TURNS_UNSPEAKABLE && seq.length >= 5) {
            next = UNSPEAKABLE;
        } else {
            next = Math.floorMod(Arrays.hashCode(seq), 11) + 1;
        }
        float[] row = new float[VOCAB];
        row[next] = 10f;
        return row;
    }

    /** The reference: plain greedy decoding of the same function, no engine, no cache. */
    private static List<Integer> reference(int[] prompt, int maxTokens) {
        int[] seq = prompt.clone();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < maxTokens; i++) {
            float[] row = logits(seq);
            int best = 0;
            for (int v = 1; v < VOCAB; v++) {
                best = row[v] > row[best] ? v : best;
            }
            out.add(best);
            seq = Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = best;
        }
        return out;
    }

    private static String text(int[] ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) {
            if (id == UNSPEAKABLE) {
                throw new IllegalArgumentException("no text for token " + UNSPEAKABLE);
            }
            b.append((char) ('a' + id));
        }
        return b.toString();
    }

    private static Engine fakeEngine(FakeRunner runner) {
        // a small step budget: prompts prefill in several chunks, mixed with decodes
        return new Engine(runner, EngineFaultTest::text, new EngineConfig(16, 6, 512, 4, 100));
    }

    private static EngineStepException failure(RequestHandle h) throws Exception {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> h.result().get(10, TimeUnit.SECONDS));
        return assertInstanceOf(EngineStepException.class, e.getCause());
    }

    @Test
    void poisonedRequestsFailAloneWithTheirIdAndCauseAndTheOthersMatchTheReference() throws Exception {
        FakeRunner runner = new FakeRunner(VOCAB, 128, 4, List.of(), EngineFaultTest::logits);
        try (Engine engine = fakeEngine(runner)) {
            int[][] good = {{1, 2, 3}, {4, 5, 6, 7, 8, 9, 10}, {3}, {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}};
            int[] poisonedPrompt = {2, 3, POISON, 4, 5};
            int[] turnsPoisonous = {TURNS_POISONOUS, 2, 3};
            List<int[]> prompts = new ArrayList<>(List.of(good));
            prompts.add(1, poisonedPrompt);
            prompts.add(3, turnsPoisonous);
            List<SamplingParams> params = new ArrayList<>();
            for (int i = 0; i < prompts.size(); i++) {
                params.add(SamplingParams.builder().maxTokens(12).n(i == 4 ? 3 : 1).build()); // one forked greedy request
            }
            List<RequestHandle> handles = engine.submitAll(prompts, params);
            List<Integer> streamed = new CopyOnWriteArrayList<>();
            List<Throwable> streamError = new CopyOnWriteArrayList<>();
            handles.get(3).events().subscribe().with(e -> streamed.add(e.tokenId()), streamError::add);

            EngineStepException poisoned = failure(handles.get(1));
            assertTrue(poisoned.getMessage().startsWith("request " + handles.get(1).id() + " failed in an engine step"),
                    poisoned.getMessage());
            assertTrue(poisoned.getMessage().contains("poisoned token 15 at position 2"), poisoned.getMessage());

            EngineStepException midway = failure(handles.get(3));
            assertTrue(midway.getMessage().contains("request " + handles.get(3).id()), midway.getMessage());
            assertEquals(List.of(reference(turnsPoisonous, 3).get(0), reference(turnsPoisonous, 3).get(1),
                    reference(turnsPoisonous, 3).get(2), POISON), streamed, "its tokens streamed until the fault");
            EngineTest.waitFor(() -> streamError.size() == 1);
            assertInstanceOf(EngineStepException.class, streamError.get(0), "the stream ends with the error");

            for (int i : new int[] {0, 2, 4, 5}) {
                RequestOutput out = handles.get(i).result().get(10, TimeUnit.SECONDS);
                for (SequenceOutput s : out.sequences()) {
                    assertEquals(reference(prompts.get(i), 12), s.tokenIds(), "request " + i + " sample " + s.index());
                }
            }
            assertEquals(2, engine.stats().failedRequests());
            // the engine serves on, and the blocks the failed requests held are back
            assertEquals(reference(new int[] {7, 7}, 9), engine.generate(new int[] {7, 7}, SamplingParams.greedy(9))
                    .sequences().get(0).tokenIds());
            EngineTest.waitFor(() -> engine.stats().kvUsage() == 0.0 && engine.stats().running() == 0);
            assertEquals(0, engine.pending());
            assertEquals(0, engine.stats().waiting());
        }
    }

    @Test
    void aFaultInOneRequestsOwnOutputHandlingFailsOnlyThatRequest() throws Exception {
        FakeRunner runner = new FakeRunner(VOCAB, 128, 4, List.of(), EngineFaultTest::logits);
        try (Engine engine = fakeEngine(runner)) {
            int[] unspeakable = {TURNS_UNSPEAKABLE, 1};
            int[] fine = {5, 6, 7};
            List<RequestHandle> handles = engine.submitAll(List.of(fine, unspeakable, fine),
                    List.of(SamplingParams.greedy(10), SamplingParams.greedy(10), SamplingParams.builder().n(2).maxTokens(10).build()));
            EngineStepException e = failure(handles.get(1));
            assertTrue(e.getMessage().contains("request " + handles.get(1).id()) && e.getMessage().contains("no text for token 13"),
                    e.getMessage());
            assertEquals(reference(fine, 10), handles.get(0).result().get(10, TimeUnit.SECONDS).sequences().get(0).tokenIds());
            handles.get(2).result().get(10, TimeUnit.SECONDS).sequences()
                    .forEach(s -> assertEquals(reference(fine, 10), s.tokenIds()));
            EngineTest.waitFor(() -> engine.stats().kvUsage() == 0.0);
            assertEquals(1, engine.stats().failedRequests());
        }
    }

    @Test
    void aDrawThatFailsFailsOnlyItsRequest() throws Exception {
        FakeRunner fake = new FakeRunner(VOCAB, 128, 4, List.of(), EngineFaultTest::logits);
        // the request asking for 11 tokens cannot be drawn for (a sampler fault on its parameters)
        FaultyRunner runner = new FaultyRunner(fake, b -> false, draws -> draws.stream().anyMatch(d -> d.params().maxTokens() == 11));
        try (Engine engine = new Engine(runner, null, EngineConfig.defaults().withKvCacheTokens(512))) {
            int[] prompt = {1, 2, 3};
            List<RequestHandle> handles = engine.submitAll(List.of(prompt, prompt, prompt),
                    List.of(SamplingParams.greedy(8), SamplingParams.greedy(11), SamplingParams.builder().n(2).maxTokens(8).build()));
            EngineStepException e = failure(handles.get(1));
            assertTrue(e.getMessage().contains("request " + handles.get(1).id()) && e.getMessage().contains("injected fault drawing"),
                    e.getMessage());
            assertEquals(reference(prompt, 8), handles.get(0).result().get(10, TimeUnit.SECONDS).sequences().get(0).tokenIds());
            handles.get(2).result().get(10, TimeUnit.SECONDS).sequences()
                    .forEach(s -> assertEquals(reference(prompt, 8), s.tokenIds()));
            assertEquals(1, engine.stats().failedRequests());
            EngineTest.waitFor(() -> engine.stats().kvUsage() == 0.0);
        }
    }

    @Test
    void aStepThatFailsOnlyAsAWholeFailsNobody() throws Exception {
        FakeRunner fake = new FakeRunner(VOCAB, 128, 4, List.of(), EngineFaultTest::logits);
        int[] calls = {0};
        // the third batch of three or more chunks fails once (say, out of memory for that batch): alone, each runs
        FaultyRunner runner = new FaultyRunner(fake, b -> b.chunks().size() >= 3 && ++calls[0] == 3);
        try (Engine engine = new Engine(runner, null, EngineConfig.defaults().withKvCacheTokens(512))) {
            List<int[]> prompts = List.of(new int[] {1}, new int[] {2, 3}, new int[] {4, 5, 6}, new int[] {7});
            List<RequestHandle> handles = engine.submitAll(prompts, prompts.stream().map(p -> SamplingParams.greedy(8)).toList());
            for (int i = 0; i < prompts.size(); i++) {
                assertEquals(reference(prompts.get(i), 8), handles.get(i).result().get(10, TimeUnit.SECONDS).sequences().get(0).tokenIds());
            }
            assertEquals(1, runner.failures);
            assertEquals(0, engine.stats().failedRequests());
        }
    }

    @Test
    void onTheRealModelAFailedStepsKvWritesAreRedoneAndTheSurvivorsMatchTheReferenceDecoder() throws Exception {
        Random r = new Random(21);
        int[][] prompts = new int[5][];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = r.ints(3 + 7 * i, 0, 80).toArray();
        }
        try (Qwen2Model model = Qwen2Model.load(Golden.dir(Golden.F32), TensorRuntime.cpu())) {
            List<List<Integer>> expected = new ArrayList<>();
            Set<Integer> used = new HashSet<>();
            for (int[] p : prompts) {
                expected.add(ReferenceDecoder.greedy(model, p, 10));
                used.addAll(expected.get(expected.size() - 1));
                Arrays.stream(p).forEach(used::add);
            }
            int poison = 80;
            while (used.contains(poison)) {
                poison++;
            }
            assertTrue(poison < model.config().vocabSize(), "a token no other request runs");
            int[] poisoned = r.ints(20, 0, 80).toArray();
            poisoned[13] = poison;
            // the whole pass runs (every chunk's KV written), then the step throws
            FaultyRunner runner = new FaultyRunner(new Qwen2Runner(model, 512, 4), FaultyRunner.runs(poison));
            try (Engine engine = new Engine(runner, null, new EngineConfig(16, 24, 512, 4, 100))) {
                List<int[]> all = new ArrayList<>(List.of(prompts));
                all.add(2, poisoned);
                List<SamplingParams> params = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    params.add(SamplingParams.builder().maxTokens(10).ignoreEos(true).n(i == 4 ? 3 : 1).build());
                }
                List<RequestHandle> handles = engine.submitAll(all, params);
                EngineStepException e = failure(handles.get(2));
                assertTrue(e.getMessage().contains("request " + handles.get(2).id()) && e.getMessage().contains("injected fault"),
                        e.getMessage());
                int k = 0;
                for (int i = 0; i < all.size(); i++) {
                    if (i == 2) {
                        continue;
                    }
                    List<Integer> want = expected.get(k++);
                    String label = "request " + i;
                    handles.get(i).result().get(60, TimeUnit.SECONDS).sequences()
                            .forEach(s -> assertEquals(want, s.tokenIds(), label + " sample " + s.index()));
                }
                assertTrue(runner.failures >= 2, "the mixed step and the poisoned request alone both failed");
                assertEquals(expected.get(0), engine.generate(prompts[0], SamplingParams.builder().maxTokens(10).ignoreEos(true).build())
                        .sequences().get(0).tokenIds(), "served after the fault, on reused blocks");
                EngineTest.waitFor(() -> engine.stats().kvUsage() == 0.0);
                assertEquals(1, engine.stats().failedRequests());
            }
        }
    }
}
