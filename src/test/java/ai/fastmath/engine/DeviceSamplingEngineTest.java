package ai.fastmath.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.MemoryTensors;
import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.RandomInit;
import ai.fastmath.model.TensorRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine sampling on the device against the same engine sampling on the host (the reference):
 * the same greedy outputs and log-probabilities for a batch of requests, the same outputs for the
 * same seed run twice, and a fraction of the host bytes per step.
 */
class DeviceSamplingEngineTest {

    private static final ModelConfig CONFIG = ModelConfig.of(512, 64, 128, 2, 4, 2);

    @Test
    void greedyOutputsEqualTheHostSamplersAndFewBytesCrossPerStep() throws Exception {
        try (Qwen2Model model = Qwen2Model.build(CONFIG, new MemoryTensors(RandomInit.tensors(CONFIG, 3, 0.5)), TensorRuntime.cpu())) {
            SamplingParams greedy = SamplingParams.builder().maxTokens(24).ignoreEos(true).logprobs(true).build();
            Run device = run(model, false, greedy);
            Run host = run(model, true, greedy);
            assertEquals(host.tokens, device.tokens);
            for (int i = 0; i < host.logprobs.size(); i++) {
                assertEquals(host.logprobs.get(i), device.logprobs.get(i), 1e-4, "log-probability " + i);
            }
            assertEquals(8 * 24, device.logprobs.size());
            // host: every step copies (rows x 512) floats; device: ids, parameters and log-probabilities
            assertTrue(host.bytesPerStep >= 4 * 512, "host " + host.bytesPerStep);
            assertTrue(device.bytesPerStep * 20 < host.bytesPerStep, "device " + device.bytesPerStep + " host " + host.bytesPerStep);
        }
    }

    @Test
    void aSeededSampledRunRepeatsOnTheDevice() throws Exception {
        try (Qwen2Model model = Qwen2Model.build(CONFIG, new MemoryTensors(RandomInit.tensors(CONFIG, 3, 0.5)), TensorRuntime.cpu())) {
            SamplingParams sampled = SamplingParams.builder().temperature(0.8).topP(0.9).minP(0.02).maxTokens(24)
                    .ignoreEos(true).n(4).seed(7L).build();
            Run a = run(model, false, sampled);
            Run b = run(model, false, sampled);
            assertEquals(a.tokens, b.tokens);
            assertEquals(8, a.tokens.size());
            assertTrue(a.tokens.subList(0, 4).stream().distinct().count() > 1, "a request's samples differ: " + a.tokens);
        }
    }

    private record Run(List<List<Integer>> tokens, List<Double> logprobs, double bytesPerStep) {}

    private static Run run(Qwen2Model model, boolean hostSampling, SamplingParams params) {
        EngineConfig config = new EngineConfig(16, 256, 2048, 16, 64);
        List<List<Integer>> tokens = new ArrayList<>();
        List<Double> logprobs = new ArrayList<>();
        try (Engine engine = Engine.of(model, null, config, null, hostSampling)) {
            Random random = new Random(1);
            List<RequestHandle> handles = new ArrayList<>();
            for (int r = 0; r < 8 / params.n(); r++) {
                handles.add(engine.submit(random.ints(5 + 3 * r, 0, 512).toArray(), params.toBuilder().seed(7L + r).build()));
            }
            for (RequestHandle h : handles) {
                for (SequenceOutput s : h.result().join().sequences()) {
                    tokens.add(s.tokenIds());
                    logprobs.addAll(s.logprobs());
                }
            }
            return new Run(tokens, logprobs, (double) engine.stats().hostBytes() / engine.stats().steps());
        }
    }
}
