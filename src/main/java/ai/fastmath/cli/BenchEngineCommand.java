package ai.fastmath.cli;

import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineBenchmark;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.model.ForwardBenchmark;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.TensorRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench engine}: sequential vs static vs continuous batching on one workload. */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Throughput and latency of sequential, static and continuous batching (Anyscale-style workload).")
public class BenchEngineCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchModelOptions modelOptions;

    @Option(names = "--requests", defaultValue = "256", description = "Requests in the workload (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--prompt-tokens", defaultValue = "64") int promptTokens;
    @Option(names = "--mean-output", defaultValue = "64") double meanOutput;
    @Option(names = "--max-output", defaultValue = "256") int maxOutput;

    @Option(names = "--modes", split = ",", defaultValue = "sequential,static,continuous32,continuous64,continuous128",
            description = "Which runs (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(names = "--parallel-repeats", defaultValue = "5",
            description = "Alternating runs of the n=8 parallel-sampling comparison; medians are compared (default: ${DEFAULT-VALUE}).")
    int parallelRepeats;

    @Option(names = "--sampling", defaultValue = "auto",
            description = "Where tokens are drawn: device (only ids come back), host (the logits are copied every step) "
                    + "or auto: the device on a GPU, the host on the CPU (default: ${DEFAULT-VALUE}).")
    String sampling;

    @Option(names = "--json", description = "Write the results as JSON to this file.")
    Path json;

    @Mixin
    RuntimeOptions runtimeOptions;

    @Override
    public void run() {
        TensorRuntime runtime = runtimeOptions.runtime();
        PrintWriter out = spec.commandLine().getOut();
        BenchModelOptions.Loaded loaded = modelOptions.open(runtime);
        Qwen2Model m = loaded.model();
        boolean hostSampling = switch (sampling) {
            case "device" -> false;
            case "host" -> true;
            case "auto" -> !m.runtime().device().isGpu();
            default -> {
                m.close();
                throw new IllegalArgumentException("--sampling must be device, host or auto, got '" + sampling + "'");
            }
        };
        String name = loaded.description();
        try (m) {
            double peak = ForwardBenchmark.matmulGflops(runtime, 1024);
            long flops = m.config().flopsPerToken();
            EngineBenchmark.Workload w = EngineBenchmark.Workload.generate(requests, promptTokens, meanOutput, maxOutput,
                    m.config().vocabSize(), 0);
            out.printf("model: %s (%s), matmul peak %.1f GFLOP/s%n", name, m.runtime(), peak);
            out.printf("workload: %d requests, %d-token prompts, output ~ Exp(mean %.0f) capped at %d: %d output tokens; all arrive at t=0%n",
                    requests, promptTokens, meanOutput, maxOutput, w.totalOutputTokens());
            out.printf("sampling on the %s%n", hostSampling ? "host (logits copied every step)" : "device (ids copied)");
            out.printf("%-14s %6s %10s %9s %9s %9s %9s %8s %8s %12s%n", "mode", "seqs", "tokens/s", "p50 lat", "p99 lat",
                    "p50 ttft", "wall s", "of peak", "preempt", "host B/step");
            out.flush();
            List<EngineBenchmark.Run> runs = new ArrayList<>();
            int perSeq = promptTokens + maxOutput;
            for (String mode : modes) {
                EngineBenchmark.Run r = switch (mode) {
                    case "sequential" -> EngineBenchmark.serve(mode, engines(m, 1, perSeq, hostSampling), w, 1, true, flops, peak);
                    case "static" -> EngineBenchmark.serve(mode, engines(m, 32, perSeq, hostSampling), w, 32, true, flops, peak);
                    default -> {
                        if (!mode.startsWith("continuous")) {
                            throw new IllegalArgumentException("unknown mode " + mode + " (sequential, static, continuousN)");
                        }
                        int seqs = Integer.parseInt(mode.substring("continuous".length()));
                        yield EngineBenchmark.serve("continuous", engines(m, seqs, perSeq, hostSampling), w, seqs, false, flops, peak);
                    }
                };
                runs.add(r);
                out.printf("%-14s %6d %10.1f %9.2f %9.2f %9.2f %9.1f %7.1f%% %8d %12.0f%n", r.mode(), r.maxNumSeqs(), r.tokensPerS(),
                        r.p50LatencyS(), r.p99LatencyS(), r.ttftP50S(), r.wallS(), 100 * r.peakFraction(), r.preemptions(),
                        r.hostBytesPerStep());
                out.flush();
            }
            List<Map<String, Object>> speedups = speedups(runs);
            for (Map<String, Object> sp : speedups) {
                out.printf("continuous %d: %sx sequential, %s%n", sp.get("max_num_seqs"), ratio(sp.get("vs_sequential")),
                        sp.get("vs_static") == null ? "static not run" : ratio(sp.get("vs_static")) + "x static");
            }
            EngineBenchmark.ParallelSampling ps = EngineBenchmark.parallelSampling(engines(m, 16, 256 + 64, hostSampling), 256, 8, 64,
                    m.config().vocabSize(), parallelRepeats);
            out.printf("parallel sampling, 256-token prompt, 8 x 64 tokens, median of %d alternating runs: n=8 %.2f s (prefill %d tokens), 8 requests %.2f s (prefill %d): ratio %.2f%n",
                    ps.repeats(), ps.forkedWallS(), ps.forkedPrefillTokens(), ps.independentWallS(), ps.independentPrefillTokens(), ps.ratio());
            out.flush();
            if (json != null) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("model", name);
                doc.put("runtime", m.runtime().toString());
                doc.put("products", m.products().describe());
                doc.put("sampling", hostSampling ? "host" : "device");
                doc.put("matmul_gflops", peak);
                doc.put("workload", Map.of("requests", requests, "prompt_tokens", promptTokens, "mean_output", meanOutput,
                        "max_output", maxOutput, "output_tokens", w.totalOutputTokens()));
                doc.put("runs", runs);
                doc.put("speedups", speedups);
                doc.put("parallel_sampling", ps);
                JsonFiles.write(json, doc);
            }
        }
    }

    /** Each continuous run's throughput over the sequential and static runs' (a key is left out when that run is). */
    static List<Map<String, Object>> speedups(List<EngineBenchmark.Run> runs) {
        double sequential = throughput(runs, "sequential");
        double stat = throughput(runs, "static");
        List<Map<String, Object>> out = new ArrayList<>();
        for (EngineBenchmark.Run r : runs) {
            if (r.mode().equals("continuous")) {
                Map<String, Object> sp = new LinkedHashMap<>();
                sp.put("max_num_seqs", r.maxNumSeqs());
                if (!Double.isNaN(sequential)) {
                    sp.put("vs_sequential", r.tokensPerS() / sequential);
                }
                if (!Double.isNaN(stat)) {
                    sp.put("vs_static", r.tokensPerS() / stat);
                }
                out.add(sp);
            }
        }
        return out;
    }

    private static String ratio(Object r) {
        return r == null ? "-" : String.format("%.2f", (Double) r);
    }

    private static double throughput(List<EngineBenchmark.Run> runs, String mode) {
        return runs.stream().filter(r -> r.mode().equals(mode)).mapToDouble(EngineBenchmark.Run::tokensPerS)
                .findFirst().orElse(Double.NaN);
    }

    /** Fresh engines with a KV cache for {@code seqs} sequences of {@code perSeq} tokens. */
    private static Supplier<Engine> engines(Qwen2Model m, int seqs, int perSeq, boolean hostSampling) {
        EngineConfig config = new EngineConfig(seqs, Math.max(512, perSeq), seqs * perSeq + 64, 16, 100_000);
        return () -> Engine.of(m, null, config, null, hostSampling);
    }
}
