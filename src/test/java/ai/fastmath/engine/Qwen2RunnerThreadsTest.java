package ai.fastmath.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.fastmath.model.ComputeThread;
import ai.fastmath.model.ForwardBatch;
import ai.fastmath.model.IntraOpThreads;
import ai.fastmath.model.MemoryTensors;
import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.RandomInit;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.model.kv.BlockTable;
import ai.fastmath.model.kv.KvCache;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The thread that runs a model's forward passes (the engine's loop) is the one that computes on every core. */
class Qwen2RunnerThreadsTest {

    @Test
    void forwardMakesItsThreadTheComputingOne() throws Exception {
        TensorRuntime cpu = TensorRuntime.cpu();
        ModelConfig c = ModelConfig.of(64, 32, 64, 1, 2, 1);
        try (Qwen2Model model = Qwen2Model.build(c, new MemoryTensors(RandomInit.tensors(c, 0, 0.02)), cpu);
                Qwen2Runner runner = new Qwen2Runner(model, 64, 16)) {
            AtomicInteger seen = new AtomicInteger(-1);
            Thread loop = new Thread(() -> {
                BlockTable t = new BlockTable(runner.allocator());
                t.ensureCapacity(3);
                runner.forward(new ForwardBatch(List.of(new ForwardBatch.Chunk(new int[] {1, 2, 3}, 0, t.slots(3))), false)).close();
                seen.set(IntraOpThreads.configured());
                t.release();
            });
            String before = System.getProperty(IntraOpThreads.PROPERTY);
            System.setProperty(IntraOpThreads.PROPERTY, "3"); // distinct from an auxiliary thread's 1 on any machine
            try {
                loop.start();
                loop.join();
            } finally {
                if (before == null) {
                    System.clearProperty(IntraOpThreads.PROPERTY);
                } else {
                    System.setProperty(IntraOpThreads.PROPERTY, before);
                }
            }
            assertEquals(3, seen.get());
        }
    }

    @Test
    void aRunnerOnAComputeThreadDrawsTheSameTokens() {
        TensorRuntime cpu = TensorRuntime.cpu();
        ModelConfig c = ModelConfig.of(64, 32, 64, 1, 2, 1);
        try (Qwen2Model model = Qwen2Model.build(c, new MemoryTensors(RandomInit.tensors(c, 0, 0.02)), cpu);
                ComputeThread compute = new ComputeThread("test-compute");
                Qwen2Runner here = new Qwen2Runner(model, 64, 16);
                Qwen2Runner there = new Qwen2Runner(model, 64, 16, compute, false)) {
            assertArrayEquals(prefillThenDecode(here), prefillThenDecode(there));
        }
    }

    /** Tokens and log-probabilities drawn (greedy, and at two uniform numbers) at one decode step after a 3-token prefill. */
    private static Object[] prefillThenDecode(Qwen2Runner r) {
        BlockTable t = new BlockTable(r.allocator());
        t.ensureCapacity(4);
        r.forward(new ForwardBatch(List.of(new ForwardBatch.Chunk(new int[] {1, 2, 3}, 0, t.slots(3))), false)).close();
        SamplingParams sampled = SamplingParams.builder().temperature(1.0).logprobs(true).build();
        try (StepLogits logits = r.forward(new ForwardBatch(List.of(new ForwardBatch.Chunk(new int[] {4}, 3, t.slots(4))), false))) {
            return logits.sample(List.of(new StepLogits.Draw(0, SamplingParams.builder().temperature(0).logprobs(true).build(), 0),
                    new StepLogits.Draw(0, sampled, 0.25), new StepLogits.Draw(0, sampled, 0.75))).toArray();
        } finally {
            t.release();
        }
    }
}
