package ai.fastmath.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.fastmath.model.kv.BlockTable;
import ai.fastmath.model.kv.KvCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Measures the forward pass: prefill and decode tokens per second at several batch sizes, next to
 * the machine's measured matrix-multiply throughput and the model's FLOPs per token, so the fraction
 * of peak is visible. Decode at small batch is bound by memory bandwidth (each step streams every
 * weight), so the weight bytes read per second are reported too.
 */
public final class ForwardBenchmark {

    /** One batch size's measurements. */
    public record Row(
            int batch,
            int promptTokens,
            double prefillTokensPerSecond,
            double decodeTokensPerSecond,
            double decodeStepMillis,
            double prefillPeakFraction,
            double decodePeakFraction,
            double decodeWeightGigabytesPerSecond) {}

    /**
     * Float16 products against float32 ones (the copies) on one prefill of the same sequence: the
     * largest logit difference and the positions whose most likely token agrees.
     */
    public record HalfCheck(int positions, double maxAbsLogitDiff, int argmaxAgree) {}

    /** The whole run. */
    public record Result(
            String model,
            String runtime,
            String products,
            List<WeightProducts.Pass> calibration,
            long weightBytes,
            long residentBytesAfterLoad,
            long parameters,
            long flopsPerToken,
            double matmulGflops,
            int decodeSteps,
            List<Row> rows,
            HalfCheck halfCheck) {}

    private ForwardBenchmark() {}

    /**
     * Float matrix-multiply throughput of this device, GFLOP/s, best of several 1024x1024 products,
     * on all the cores a computing thread uses. It runs on a thread of its own that ends with it, so
     * the caller does not keep a team of kernel threads (see {@link IntraOpThreads}).
     */
    public static double matmulGflops(TensorRuntime runtime, int n) {
        try (ComputeThread peak = new ComputeThread("fastmath-matmul-peak")) {
            return peak.call(() -> measureMatmul(runtime, n));
        }
    }

    private static double measureMatmul(TensorRuntime runtime, int n) {
        try (NDManager m = runtime.newManager()) {
            NDArray a = m.randomNormal(new Shape(n, n)).toType(runtime.activations(), false);
            NDArray b = m.randomNormal(new Shape(n, n)).toType(runtime.activations(), false);
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 48; rep++) { // best of many: right after start-up the JIT competes for the cores
                long t0 = System.nanoTime();
                try (NDManager s = m.newSubManager()) {
                    NDArray c = a.matMul(b);
                    c.attach(s);
                    c.get(0, 0).getFloat(); // wait for the result (asynchronous on CUDA)
                }
                best = Math.min(best, System.nanoTime() - t0);
            }
            return 2.0 * n * n * n / best;
        }
    }

    /**
     * Runs prefill of {@code promptTokens} per sequence then {@code decodeSteps} decode steps, for each
     * batch size.
     */
    public static Result run(Qwen2Model model, String name, int[] batchSizes, int promptTokens, int decodeSteps) {
        long resident = MemoryFit.residentBytes(ProcessHandle.current().pid()); // loaded, nothing run yet
        IntraOpThreads.compute(); // the forward passes run on this thread
        ModelConfig c = model.config();
        double gflops = matmulGflops(model.runtime(), 1024);
        Random random = new Random(0);
        List<Row> rows = new ArrayList<>();
        for (int batch : batchSizes) {
            int perSeq = promptTokens + decodeSteps + 1;
            try (KvCache cache = KvCache.forTokens(c, model.runtime(), batch * (perSeq + 16), 16)) {
                // warm-up run, then the best of three: JIT, allocator and thread pools settle first
                runOnce(model, cache, random, batch, promptTokens, Math.min(decodeSteps, 8));
                long[] times = {Long.MAX_VALUE, Long.MAX_VALUE};
                for (int rep = 0; rep < 3; rep++) {
                    long[] t = runOnce(model, cache, random, batch, promptTokens, decodeSteps);
                    times[0] = Math.min(times[0], t[0]);
                    times[1] = Math.min(times[1], t[1]);
                }
                double prefillTps = (double) batch * promptTokens / (times[0] / 1e9);
                double decodeTps = (double) batch * decodeSteps / (times[1] / 1e9);
                double flops = c.flopsPerToken();
                double stepSeconds = times[1] / 1e9 / decodeSteps;
                // every decode step reads every weight once: at small batch that, not arithmetic, is the limit
                double weightBytes = model.products().bytesPerStep(model.weights(), batch);
                rows.add(new Row(batch, promptTokens, prefillTps, decodeTps, stepSeconds * 1e3,
                        prefillTps * flops / (gflops * 1e9), decodeTps * flops / (gflops * 1e9),
                        weightBytes / stepSeconds / 1e9));
            }
        }
        HalfCheck check = model.products().copyBytes() > 0 ? halfCheck(model, 64) : null;
        return new Result(name, model.runtime().toString(), model.products().describe(), model.products().passes(),
                model.weightBytes(), resident,
                c.parameterCount(),
                c.flopsPerToken(), gflops, decodeSteps, rows, check);
    }

    /** {@link HalfCheck} on a random sequence of {@code length} tokens. */
    static HalfCheck halfCheck(Qwen2Model model, int length) {
        int vocab = model.config().vocabSize();
        int[] tokens = new Random(1).ints(length, 0, vocab).toArray();
        float[] half = allLogits(model, tokens, true);
        float[] full = allLogits(model, tokens, false);
        double worst = 0;
        int agree = 0;
        for (int p = 0; p < length; p++) {
            int best = 0;
            int bestRef = 0;
            for (int v = 0; v < vocab; v++) {
                worst = Math.max(worst, Math.abs(half[p * vocab + v] - full[p * vocab + v]));
                best = half[p * vocab + v] > half[p * vocab + best] ? v : best;
                bestRef = full[p * vocab + v] > full[p * vocab + bestRef] ? v : bestRef;
            }
            agree += best == bestRef ? 1 : 0;
        }
        return new HalfCheck(length, worst, agree);
    }

    /** Logits at every position of one prefill, every product in float16 or in float32. */
    private static float[] allLogits(Qwen2Model model, int[] tokens, boolean half) {
        model.products().force(half);
        try (NDManager scope = model.newScope()) {
            return model.forward(scope, ForwardBatch.uncached(List.of(tokens)), null).toFloatArray();
        } finally {
            model.products().force(null);
        }
    }

    /** @return {prefill nanos, decode nanos} */
    private static long[] runOnce(Qwen2Model model, KvCache cache, Random random, int batch, int prompt, int steps) {
        int vocab = model.config().vocabSize();
        List<BlockTable> tables = new ArrayList<>();
        List<ForwardBatch.Chunk> chunks = new ArrayList<>();
        for (int s = 0; s < batch; s++) {
            BlockTable t = cache.newSequence();
            t.ensureCapacity(prompt + steps);
            tables.add(t);
            int[] tokens = random.ints(prompt, 0, vocab).toArray();
            chunks.add(new ForwardBatch.Chunk(tokens, 0, t.slots(prompt)));
        }
        long t0 = System.nanoTime();
        step(model, cache, chunks);
        long prefill = System.nanoTime() - t0;
        long t1 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            List<ForwardBatch.Chunk> decode = new ArrayList<>();
            for (int s = 0; s < batch; s++) {
                int pos = prompt + i;
                decode.add(new ForwardBatch.Chunk(new int[] {random.nextInt(vocab)}, pos, tables.get(s).slots(pos + 1)));
            }
            step(model, cache, decode);
        }
        long decode = System.nanoTime() - t1;
        tables.forEach(BlockTable::release);
        return new long[] {prefill, decode};
    }

    private static void step(Qwen2Model model, KvCache cache, List<ForwardBatch.Chunk> chunks) {
        try (NDManager scope = model.newScope()) {
            NDArray logits = model.forward(scope, new ForwardBatch(chunks, false), cache);
            logits.toType(DataType.FLOAT32, false).toFloatArray(); // synchronise, as sampling would
        }
    }
}
