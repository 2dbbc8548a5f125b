package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.fastmath.model.kv.BlockTable;
import ai.fastmath.model.kv.KvCache;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The float16 path (what runs on CUDA) exercised on the CPU: casts around RMSNorm and softmax, a
 * float16 KV cache. Logits stay close to the float32 reference; the CUDA run itself is a device check.
 */
class Float16Test {

    @Test
    void float16LogitsStayCloseToFloat32() throws Exception {
        TensorRuntime half = new TensorRuntime(Device.cpu(), DataType.FLOAT16);
        Golden.Case c = Golden.cases(Golden.BF16_SHARDED).get(2);
        try (Qwen2Model model = Qwen2Model.load(Golden.dir(Golden.BF16_SHARDED), half);
                KvCache cache = KvCache.forTokens(model.config(), half, 32, 16);
                NDManager scope = model.newScope()) {
            assertEquals(DataType.FLOAT16, cache.dtype());
            BlockTable t = cache.newSequence();
            t.ensureCapacity(c.inputIds().length);
            float[] got = model.forward(scope,
                    new ForwardBatch(List.of(new ForwardBatch.Chunk(c.inputIds(), 0, t.slots(c.inputIds().length))), true),
                    cache).toFloatArray();
            int vocab = model.config().vocabSize();
            double worst = 0;
            int sameArgmax = 0;
            for (int p = 0; p < c.logits().length; p++) {
                int best = 0;
                int bestRef = 0;
                for (int v = 0; v < vocab; v++) {
                    worst = Math.max(worst, Math.abs(c.logits()[p][v] - got[p * vocab + v]));
                    best = got[p * vocab + v] > got[p * vocab + best] ? v : best;
                    bestRef = c.logits()[p][v] > c.logits()[p][bestRef] ? v : bestRef;
                }
                sameArgmax += best == bestRef ? 1 : 0;
            }
            // float16 keeps ~3 significant digits through 3 layers; logits here reach about 10
            assertEquals(0, worst, 0.25, "largest deviation from the float32 reference");
            assertEquals(c.logits().length, sameArgmax, 1, "positions whose most likely token agrees");
        }
    }
}
