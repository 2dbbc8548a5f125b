package ai.fastmath.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The continuous-batching study of Anyscale's blog, on this engine: many requests with fixed-length
 * prompts and exponentially distributed output lengths (eos ignored), all arriving at once, served
 * sequentially, in static batches that wait for their longest member, and continuously batched.
 * Latencies count from the common arrival time, so queueing is included.
 */
public final class EngineBenchmark {

    /** One serving mode's results. */
    public record Run(String mode, int maxNumSeqs, int requests, long generatedTokens, double wallS, double tokensPerS,
            double p50LatencyS, double p99LatencyS, double ttftP50S, double ttftP99S, double peakFraction, long preemptions,
            double hostBytesPerStep) {}

    /** n = 8 parallel sampling against 8 independent requests of the same prompt (median wall times over the repeats). */
    public record ParallelSampling(int promptTokens, int samples, int maxTokens, int repeats, double forkedWallS,
            double independentWallS, double ratio, long forkedPrefillTokens, long independentPrefillTokens) {}

    /** The workload. */
    public record Workload(int[][] prompts, int[] outputLengths) {

        /** {@code n} prompts of {@code promptTokens} random ids; lengths ~ Exp(mean), in [1, cap]. */
        public static Workload generate(int n, int promptTokens, double meanOutput, int cap, int vocab, long seed) {
            Random r = new Random(seed);
            int[][] prompts = new int[n][];
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                prompts[i] = r.ints(promptTokens, 0, vocab).toArray();
                lengths[i] = (int) Math.max(1, Math.min(cap, Math.round(-meanOutput * Math.log(1 - r.nextDouble()))));
            }
            return new Workload(prompts, lengths);
        }

        public long totalOutputTokens() {
            return Arrays.stream(outputLengths).asLongStream().sum();
        }
    }

    private EngineBenchmark() {}

    /**
     * Serves the workload with a fresh engine from {@code engines}.
     *
     * @param batchSize 1 = sequential, >1 with {@code waves} = static batches, else everything at once
     * @param waves submit {@code batchSize} requests and wait for all before the next batch
     */
    public static Run serve(String mode, Supplier<Engine> engines, Workload w, int batchSize, boolean waves,
            long flopsPerToken, double peakGflops) {
        try (Engine engine = engines.get()) {
            int n = w.prompts().length;
            double[] latency = new double[n];
            double[] ttft = new double[n];
            long t0 = System.nanoTime();
            List<CompletableFuture<RequestOutput>> wave = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                SamplingParams p = SamplingParams.builder().maxTokens(w.outputLengths()[i]).ignoreEos(true).seed((long) i).build();
                RequestHandle h = engine.submit(w.prompts()[i], p);
                int index = i;
                AtomicLong first = new AtomicLong();
                h.events().subscribe().with(e -> first.compareAndSet(0, System.nanoTime()));
                wave.add(h.result().whenComplete((out, err) -> {
                    latency[index] = (System.nanoTime() - t0) / 1e9;
                    ttft[index] = (first.get() == 0 ? System.nanoTime() : first.get() - t0) / 1e9;
                }));
                if (waves && wave.size() == batchSize) {
                    CompletableFuture.allOf(wave.toArray(CompletableFuture[]::new)).join();
                    wave.clear();
                }
            }
            CompletableFuture.allOf(wave.toArray(CompletableFuture[]::new)).join();
            double wall = (System.nanoTime() - t0) / 1e9;
            long tokens = engine.stats().generatedTokens();
            double tps = tokens / wall;
            long prompt = engine.stats().promptTokens();
            double flops = (double) (tokens + prompt) * flopsPerToken / wall;
            return new Run(mode, engine.config().maxNumSeqs(), n, tokens, wall, tps, quantile(latency, 0.5),
                    quantile(latency, 0.99), quantile(ttft, 0.5), quantile(ttft, 0.99), flops / (peakGflops * 1e9),
                    engine.stats().preemptions(), (double) engine.stats().hostBytes() / Math.max(1, engine.stats().steps()));
        }
    }

    /**
     * Wall time of one n-sample request against n independent requests of the same prompt. The two
     * alternate {@code repeats} times on fresh engines and the medians are compared, so a slow spell
     * of a shared machine does not land on one side only.
     */
    public static ParallelSampling parallelSampling(Supplier<Engine> engines, int promptTokens, int samples, int maxTokens,
            int vocab, int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        int[] prompt = new Random(1).ints(promptTokens, 0, vocab).toArray();
        SamplingParams one = SamplingParams.builder().temperature(1.0).seed(3L).maxTokens(maxTokens).ignoreEos(true).build();
        List<SamplingParams> fork = List.of(one.toBuilder().n(samples).build());
        List<SamplingParams> separate = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            separate.add(one.toBuilder().seed(3L + i).build());
        }
        double[] forked = new double[repeats];
        double[] independent = new double[repeats];
        long forkedPrefill = 0;
        long independentPrefill = 0;
        for (int r = 0; r < repeats; r++) {
            Timed f = timed(engines, prompt, fork);
            Timed ind = timed(engines, prompt, separate);
            forked[r] = f.seconds();
            independent[r] = ind.seconds();
            forkedPrefill = f.promptTokens();
            independentPrefill = ind.promptTokens();
        }
        double f = median(forked);
        double ind = median(independent);
        return new ParallelSampling(promptTokens, samples, maxTokens, repeats, f, ind, f / ind, forkedPrefill,
                independentPrefill);
    }

    private record Timed(double seconds, long promptTokens) {}

    /** Wall time and prompt tokens run for requests submitted together to a fresh, warmed-up engine. */
    private static Timed timed(Supplier<Engine> engines, int[] prompt, List<SamplingParams> requests) {
        try (Engine engine = engines.get()) {
            engine.generate(prompt, SamplingParams.greedy(2)); // warm-up
            long before = engine.stats().promptTokens();
            long t0 = System.nanoTime();
            List<CompletableFuture<RequestOutput>> all = new ArrayList<>();
            for (SamplingParams p : requests) {
                all.add(engine.submit(prompt, p).result());
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            return new Timed((System.nanoTime() - t0) / 1e9, engine.stats().promptTokens() - before);
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static double quantile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[(int) Math.min(v.length - 1, Math.floor(q * v.length))];
    }
}
