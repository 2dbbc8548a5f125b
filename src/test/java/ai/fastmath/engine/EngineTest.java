package ai.fastmath.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.tokenizer.TextTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Engine behaviour on fake models: stopping, streaming, cancellation, batch independence, limits. */
class EngineTest {

    private static TextTokenizer tokenizer;
    private static final int QWEN_VOCAB = 151669;

    @BeforeAll
    static void loadTokenizer() throws Exception {
        tokenizer = TextTokenizer.load(Path.of(EngineTest.class.getResource("/tokenizers/qwen3/tokenizer.json").toURI()).getParent());
    }

    @AfterAll
    static void closeTokenizer() {
        tokenizer.close();
    }

    /** An engine whose model writes {@code text} (greedy) after the prompt. */
    private static Engine scriptedEngine(int[] prompt, String text) {
        int[] script = tokenizer.encode(text);
        FakeRunner runner = new FakeRunner(QWEN_VOCAB, 64, 16, List.of(151645), FakeRunner.scripted(QWEN_VOCAB, prompt.length, script));
        return new Engine(runner, tokenizer::decode, EngineConfig.defaults().withKvCacheTokens(1024));
    }

    @Test
    void stopStringSpanningTokensCutsTheTextAndNothingPastItIsStreamed() {
        int[] prompt = tokenizer.encode("Solve: 6*7");
        String text = "Six times seven is 42, so the answer is <answer>42</answer> and more text";
        assertTrue(tokenizer.encode("</answer>").length > 1, "the stop string spans several tokens");
        try (Engine engine = scriptedEngine(prompt, text)) {
            SamplingParams p = SamplingParams.builder().maxTokens(64).stop(List.of("</answer>")).build();
            RequestHandle h = engine.submit(prompt, p);
            List<SequenceEvent> events = h.events().subscribe().asStream().toList();
            StringBuilder streamed = new StringBuilder();
            events.forEach(e -> streamed.append(e.textDelta()));
            SequenceOutput out = h.result().join().sequences().get(0);
            assertEquals("Six times seven is 42, so the answer is <answer>42", out.text());
            assertEquals(out.text(), streamed.toString(), "streamed deltas add up to the final text");
            assertEquals(FinishReason.STOP, out.finishReason());
            assertEquals(FinishReason.STOP, events.get(events.size() - 1).finishReason());

            SamplingParams keep = SamplingParams.builder().maxTokens(64).stop(List.of("</answer>")).includeStopString(true).build();
            assertEquals("Six times seven is 42, so the answer is <answer>42</answer>",
                    engine.generate(prompt, keep).sequences().get(0).text());
        }
    }

    @Test
    void thinkEndTokenStopsReasoningAsAStopString() {
        int[] prompt = tokenizer.encode("<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n");
        try (Engine engine = scriptedEngine(prompt, "2+2=4, so \\boxed{4}.\n</think>\n\nThe answer is 4.")) {
            SamplingParams p = SamplingParams.builder().maxTokens(64).stop(List.of("</think>")).build();
            assertEquals("2+2=4, so \\boxed{4}.\n", engine.generate(prompt, p).sequences().get(0).text());
        }
    }

    @Test
    void maxTokensEndsWithLengthAndEosWithStopWithoutItsText() {
        int[] prompt = tokenizer.encode("Count:");
        try (Engine engine = scriptedEngine(prompt, " one two three<|im_end|> four")) {
            SequenceOutput limited = engine.generate(prompt, SamplingParams.greedy(2)).sequences().get(0);
            assertEquals(FinishReason.LENGTH, limited.finishReason());
            assertEquals(2, limited.tokenIds().size());
            SequenceOutput eos = engine.generate(prompt, SamplingParams.greedy(50)).sequences().get(0);
            assertEquals(FinishReason.STOP, eos.finishReason());
            assertEquals(" one two three", eos.text());
            assertEquals(151645, eos.tokenIds().get(eos.tokenIds().size() - 1));
            SequenceOutput ignored = engine.generate(prompt, SamplingParams.builder().maxTokens(7).ignoreEos(true).build()).sequences().get(0);
            assertEquals(FinishReason.LENGTH, ignored.finishReason());
            assertTrue(ignored.text().startsWith(" one two three<|im_end|>"), ignored.text());
        }
    }

    @Test
    void seededTokensDoNotDependOnTheBatch() throws Exception {
        float[] row = {0.1f, 0.5f, 0.2f, 0.9f, 0.3f, 0.0f, 0.7f, 0.4f};
        SamplingParams mine = SamplingParams.builder().temperature(1.0).seed(5L).maxTokens(40).build();
        int[] prompt = {1, 2, 3};
        List<Integer> alone;
        try (Engine engine = new Engine(new FakeRunner(8, 64, 4, List.of(), FakeRunner.fixed(row)), null, EngineConfig.defaults().withKvCacheTokens(256))) {
            alone = engine.generate(prompt, mine).sequences().get(0).tokenIds();
        }
        FakeRunner crowded = new FakeRunner(8, 64, 4, List.of(), FakeRunner.fixed(row));
        try (Engine engine = new Engine(crowded, null, EngineConfig.defaults().withKvCacheTokens(256))) {
            List<RequestHandle> others = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                others.add(engine.submit(new int[] {4, 5, i}, SamplingParams.builder().temperature(1.0).seed((long) i).maxTokens(10 + i).build()));
            }
            RequestHandle h = engine.submit(prompt, mine);
            assertEquals(alone, h.result().get(10, TimeUnit.SECONDS).sequences().get(0).tokenIds());
            for (RequestHandle o : others) {
                o.result().get(10, TimeUnit.SECONDS);
            }
            assertTrue(crowded.maxBatch > 1, "the request really shared steps with others");
        }
    }

    @Test
    void cancellingMidStreamAbortsAndReturnsTheKv() throws Exception {
        FakeRunner runner = new FakeRunner(8, 64, 4, List.of(), FakeRunner.fixed(0, 1, 2, 3, 4, 5, 6, 7));
        runner.stepDelayMillis = 2;
        try (Engine engine = new Engine(runner, null, EngineConfig.defaults().withKvCacheTokens(256))) {
            RequestHandle h = engine.submit(new int[] {1, 2, 3}, SamplingParams.builder().n(2).maxTokens(200).build());
            List<SequenceEvent> seen = new CopyOnWriteArrayList<>();
            CountDownLatch five = new CountDownLatch(5);
            h.events().subscribe().with(e -> {
                seen.add(e);
                five.countDown();
            });
            assertTrue(five.await(10, TimeUnit.SECONDS));
            assertTrue(engine.stats().kvUsage() > 0);
            h.cancel();
            RequestOutput out = h.result().get(10, TimeUnit.SECONDS);
            out.sequences().forEach(s -> assertEquals(FinishReason.ABORT, s.finishReason()));
            assertTrue(out.sequences().get(0).tokenIds().size() < 200);
            waitFor(() -> engine.stats().kvUsage() == 0.0);
            assertEquals(0.0, engine.stats().kvUsage());
            assertEquals(2, engine.stats().finished(FinishReason.ABORT));
        }
    }

    @Test
    void aConsumerThatGoesAwayCancelsItsRequest() throws Exception {
        FakeRunner runner = new FakeRunner(8, 64, 4, List.of(), FakeRunner.fixed(0, 1, 2, 3, 4, 5, 6, 7));
        runner.stepDelayMillis = 2;
        try (Engine engine = new Engine(runner, null, EngineConfig.defaults().withKvCacheTokens(256))) {
            RequestHandle h = engine.submit(new int[] {1}, SamplingParams.greedy(200));
            List<SequenceEvent> three = h.events().select().first(3).collect().asList().await().atMost(java.time.Duration.ofSeconds(10));
            assertEquals(3, three.size());
            assertEquals(FinishReason.ABORT, h.result().get(10, TimeUnit.SECONDS).sequences().get(0).finishReason());
            waitFor(() -> engine.stats().kvUsage() == 0.0);
        }
    }

    @Test
    void fullQueueRefusesWithOverloadAndBadRequestsAreRejected() throws Exception {
        FakeRunner runner = new FakeRunner(8, 16, 4, List.of(), FakeRunner.fixed(0, 1, 2, 3, 4, 5, 6, 7));
        runner.stepDelayMillis = 20;
        EngineConfig config = new EngineConfig(1, 64, 64, 4, 3);
        try (Engine engine = new Engine(runner, null, config)) {
            List<RequestHandle> accepted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                accepted.add(engine.submit(new int[] {1}, SamplingParams.greedy(5)));
            }
            assertThrows(EngineOverloadedException.class, () -> engine.submit(new int[] {1}, SamplingParams.greedy(5)));
            for (RequestHandle h : accepted) {
                assertEquals(5, h.result().get(10, TimeUnit.SECONDS).sequences().get(0).tokenIds().size());
            }
            engine.submit(new int[] {1}, SamplingParams.greedy(5)).result().get(10, TimeUnit.SECONDS); // room again
            assertThrows(IllegalArgumentException.class, () -> engine.submit(new int[] {8}, SamplingParams.greedy(5)));
            assertThrows(IllegalArgumentException.class, () -> engine.submit(new int[0], SamplingParams.greedy(5)));
            var tooLong = assertThrows(IllegalArgumentException.class, () -> engine.submit(new int[] {1, 2}, SamplingParams.greedy(63)));
            assertTrue(tooLong.getMessage().contains("exceeds the KV cache of 64 tokens"), tooLong.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> engine.submit(new int[] {1}, SamplingParams.builder().stop(List.of("x")).build()));
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(condition.getAsBoolean(), "condition not reached in 10 s");
    }

    @Test
    void statsCountTokensAndFinishReasons() {
        int[] prompt = {1, 2, 3, 4};
        try (Engine engine = new Engine(new FakeRunner(8, 64, 4, List.of(7), FakeRunner.fixed(0, 0, 0, 0, 0, 0, 0, 5)), null,
                EngineConfig.defaults().withKvCacheTokens(256))) {
            RequestOutput out = engine.generate(prompt, SamplingParams.greedy(10));
            assertEquals(FinishReason.STOP, out.sequences().get(0).finishReason(), "token 7 is eos");
            assertEquals(4, engine.stats().promptTokens());
            assertEquals(1, engine.stats().generatedTokens());
            assertEquals(1, engine.stats().timeToFirstToken().count());
            assertFalse(engine.stats().requestLatency().mean() <= 0);
        }
    }
}
