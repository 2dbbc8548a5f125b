package ai.fastmath.cli;

import ai.fastmath.model.ForwardBenchmark;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.TensorRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench forward}: prefill and decode throughput of the forward pass against the machine's peak. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "Prefill and decode tokens/s at several batch sizes, next to measured matmul GFLOP/s.")
public class BenchForwardCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchModelOptions modelOptions;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,8,32", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    int[] batchSizes;

    @Option(names = "--prompt-tokens", defaultValue = "128", description = "Prompt length per sequence (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--decode-steps", defaultValue = "32", description = "Decode steps timed (default: ${DEFAULT-VALUE}).")
    int decodeSteps;

    @Option(names = "--json", description = "Write the results as JSON to this file.")
    Path json;

    @Mixin
    RuntimeOptions runtimeOptions;

    @Override
    public void run() {
        TensorRuntime runtime = runtimeOptions.runtime();
        BenchModelOptions.Loaded loaded = modelOptions.open(runtime);
        ForwardBenchmark.Result r;
        try (Qwen2Model m = loaded.model()) {
            r = ForwardBenchmark.run(m, loaded.description(), batchSizes, promptTokens, decodeSteps);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("model: %s%nruntime: %s, %,d parameters, %.1f MFLOP/token, matmul peak %.1f GFLOP/s%n",
                r.model(), r.runtime(), r.parameters(), r.flopsPerToken() / 1e6, r.matmulGflops());
        out.printf("%6s %8s %14s %8s %14s %10s %8s %12s%n", "batch", "prompt", "prefill tok/s", "of peak",
                "decode tok/s", "ms/step", "of peak", "weights GB/s");
        for (ForwardBenchmark.Row row : r.rows()) {
            out.printf("%6d %8d %14.1f %7.1f%% %14.1f %10.2f %7.1f%% %12.1f%n", row.batch(), row.promptTokens(),
                    row.prefillTokensPerSecond(), 100 * row.prefillPeakFraction(),
                    row.decodeTokensPerSecond(), row.decodeStepMillis(), 100 * row.decodePeakFraction(),
                    row.decodeWeightGigabytesPerSecond());
        }
        out.flush();
        if (json != null) {
            JsonFiles.write(json, r);
        }
    }
}
