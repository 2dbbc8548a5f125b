package ai.fastmath.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.fastmath.model.TensorRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * DeepConf's token confidence (minus the mean top-k log-probability) against hand computations, on
 * the device against the host's direct computation from the full logits, its sliding group mean, and
 * pruning: a sequence whose group confidence falls below the threshold ends at that token, its KV freed.
 */
class TokenConfidenceTest {

    @Test
    void confidenceIsMinusTheMeanTopKLogProbability() {
        // probabilities 1/2, 1/4, 1/8, 1/8: top 2 -> -(ln 1/2 + ln 1/4) / 2 = 1.5 ln 2
        float[] logits = {(float) Math.log(0.125), (float) Math.log(0.5), (float) Math.log(0.125), (float) Math.log(0.25)};
        assertEquals(1.5 * Math.log(2), TokenSampler.confidence(logits, 0, 4, 2), 1e-6);
        assertEquals(Math.log(2), TokenSampler.confidence(logits, 0, 4, 1), 1e-6);
        // all four: -(ln 1/2 + ln 1/4 + 2 ln 1/8) / 4 = 9/4 ln 2; k beyond the vocabulary is the vocabulary
        assertEquals(2.25 * Math.log(2), TokenSampler.confidence(logits, 0, 4, 20), 1e-6);
        // logits shifted by a constant are the same distribution
        float[] shifted = new float[4];
        for (int i = 0; i < 4; i++) {
            shifted[i] = logits[i] + 7f;
        }
        assertEquals(1.5 * Math.log(2), TokenSampler.confidence(shifted, 0, 4, 2), 1e-5);
    }

    @Test
    void theDeviceComputesTheSameConfidenceAsTheFullLogitsGiveAndTheSameDraws() {
        int rows = 24;
        int vocab = 500;
        float[] logits = new float[rows * vocab];
        Random random = new Random(9);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (2.5 * random.nextGaussian());
        }
        SamplingParams plain = SamplingParams.builder().temperature(0.8).topP(0.95).minP(0.02).build();
        List<StepLogits.Draw> off = new ArrayList<>();
        List<StepLogits.Draw> on = new ArrayList<>();
        SplittableRandom u = new SplittableRandom(4);
        for (int r = 0; r < rows; r++) {
            int k = r % 3 == 0 ? 5 : 20; // rows asking for different k in one step
            double uniform = u.nextDouble();
            off.add(new StepLogits.Draw(r, plain, uniform));
            on.add(new StepLogits.Draw(r, plain.toBuilder().confidence(k, 8).build(), uniform));
        }
        off.add(new StepLogits.Draw(3, plain, 0.5)); // a row without confidence beside rows with it
        on.add(new StepLogits.Draw(3, plain, 0.5));
        try (NDManager m = TensorRuntime.cpu().newManager()) {
            var array = m.create(logits, new Shape(rows, vocab));
            List<TokenSampler.Sample> withConfidence = LogitsSampler.sample(array, on, m).samples();
            List<TokenSampler.Sample> without = LogitsSampler.sample(array, off, m).samples();
            for (int r = 0; r < rows; r++) {
                int k = r % 3 == 0 ? 5 : 20;
                assertEquals(TokenSampler.confidence(logits, r * vocab, vocab, k), withConfidence.get(r).confidence(), 1e-4, "row " + r);
                assertEquals(without.get(r).token(), withConfidence.get(r).token(), "confidence on changes no draw");
                assertTrue(Double.isNaN(without.get(r).confidence()));
            }
            assertTrue(Double.isNaN(withConfidence.get(rows).confidence()), "not asked, not computed");
        }
        // the host reference gives the same
        List<TokenSampler.Sample> host = new HostLogits(logits, vocab).sample(on);
        assertEquals(TokenSampler.confidence(logits, 7 * vocab, vocab, 20), host.get(7).confidence(), 1e-9);
    }

    @Test
    void theGroupConfidenceIsTheMeanOfTheLastWindow() {
        ConfidenceWindow w = new ConfidenceWindow(3);
        assertTrue(Double.isNaN(w.group()));
        assertEquals(4.0, w.add(4), 1e-12);
        assertEquals(3.0, w.add(2), 1e-12); // (4 + 2) / 2 while the window is not full
        assertFalse(w.full());
        assertEquals(4.0, w.add(6), 1e-12); // (4 + 2 + 6) / 3
        assertTrue(w.full());
        assertEquals(10.0 / 3, w.add(2), 1e-12); // (2 + 6 + 2) / 3: the 4 left the window
        assertThrows(IllegalArgumentException.class, () -> new ConfidenceWindow(0));
    }

    @Test
    void aSequenceIsPrunedAtTheTokenWhereItsGroupConfidenceFallsBelowTheThreshold() throws Exception {
        int vocab = 8;
        int prompt = 3;
        // output tokens 0..9 drawn from a peaked row (confidence with k = 2: (0 + 20) / 2 = 10, to 1e-8),
        // later ones from a flat row (ln 8 = 2.079); window 4, threshold 6: the group means after tokens
        // 10, 11, 12 are 8.02, 6.04 and 4.06, so the 13th token (index 12) is the last
        java.util.function.Function<int[], float[]> logits = seq -> {
            float[] row = new float[vocab];
            if (seq.length - prompt < 10) {
                row[3] = 20f;
            }
            return row;
        };
        FakeRunner runner = new FakeRunner(vocab, 64, 4, List.of(), logits);
        try (Engine engine = new Engine(runner, null, EngineConfig.defaults().withKvCacheTokens(256))) {
            runner.stepDelayMillis = 5; // the threshold is set while the first tokens are drawn
            SamplingParams p = SamplingParams.builder().maxTokens(40).ignoreEos(true).confidence(2, 4).build();
            RequestHandle pruned = engine.submit(new int[] {1, 2, 3}, p);
            pruned.pruneBelow(6.0);
            RequestHandle kept = engine.submit(new int[] {1, 2, 3}, p); // no threshold: runs to max_tokens
            List<SequenceEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            pruned.events().subscribe().with(events::add);
            SequenceOutput out = pruned.result().get(10, java.util.concurrent.TimeUnit.SECONDS).sequences().get(0);
            assertEquals(FinishReason.LOW_CONFIDENCE, out.finishReason());
            assertEquals(13, out.tokenIds().size());
            EngineTest.waitFor(() -> events.size() == 13);
            assertEquals(10.0, events.get(0).confidence(), 1e-6);
            assertEquals(Math.log(8), events.get(12).confidence(), 1e-6);
            assertEquals((10 + 3 * Math.log(8)) / 4, events.get(12).groupConfidence(), 1e-6);
            assertEquals(FinishReason.LOW_CONFIDENCE, events.get(12).finishReason());
            // its blocks come back at once, while the other request still runs (4 blocks of 4 tokens of 64 each)
            EngineTest.waitFor(() -> engine.stats().kvUsage() <= 5 / 64.0);
            assertFalse(kept.result().isDone(), "the other request is still running");
            assertTrue(engine.stats().kvUsage() <= 5 / 64.0, "KV in use " + engine.stats().kvUsage());
            assertEquals(40, kept.result().get(10, java.util.concurrent.TimeUnit.SECONDS).sequences().get(0).tokenIds().size());
            assertEquals(1, engine.stats().finished(FinishReason.LOW_CONFIDENCE));
            EngineTest.waitFor(() -> engine.stats().kvUsage() == 0.0);
            assertEquals(0.0, engine.stats().kvUsage(), "the pruned sequence's KV was freed");
        }
    }

    @Test
    void pruningNeedsConfidence() throws Exception {
        FakeRunner runner = new FakeRunner(8, 64, 4, List.of(), FakeRunner.fixed(new float[8]));
        try (Engine engine = new Engine(runner, null, EngineConfig.defaults().withKvCacheTokens(256))) {
            RequestHandle h = engine.submit(new int[] {1}, SamplingParams.greedy(4));
            assertThrows(IllegalStateException.class, () -> h.pruneBelow(1.0));
            h.result().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
