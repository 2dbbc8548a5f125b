package ai.fastmath.cli;

import ai.fastmath.model.ForwardBenchmark;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.model.WeightProducts;
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
        out.printf("products: %s%n", r.products());
        for (WeightProducts.Pass p : r.calibration()) {
            out.printf("  calibration, all matrices once at %2d rows: float16 %7.1f ms, float32 copies %7.1f ms%n",
                    p.rows(), p.float16Millis(), p.float32Millis());
        }
        out.printf("after loading: RSS %.2f GB for %.2f GB of weights (%.2fx)%n", r.residentBytesAfterLoad() / 1e9,
                r.weightBytes() / 1e9, (double) r.residentBytesAfterLoad() / r.weightBytes());
        out.printf("%6s %8s %14s %8s %14s %10s %8s %12s%n", "batch", "prompt", "prefill tok/s", "of peak",
                "decode tok/s", "ms/step", "of peak", "weights GB/s");
        for (ForwardBenchmark.Row row : r.rows()) {
            out.printf("%6d %8d %14.1f %7.1f%% %14.1f %10.2f %7.1f%% %12.1f%n", row.batch(), row.promptTokens(),
                    row.prefillTokensPerSecond(), 100 * row.prefillPeakFraction(),
                    row.decodeTokensPerSecond(), row.decodeStepMillis(), 100 * row.decodePeakFraction(),
                    row.decodeWeightGigabytesPerSecond());
        }
        if (r.halfCheck() != null) {
            out.printf("float16 products against float32 ones, one %d-token prefill: "
                    + "max |logit diff| %.4f, argmax equal at %d of %d positions%n", r.halfCheck().positions(),
                    r.halfCheck().maxAbsLogitDiff(), r.halfCheck().argmaxAgree(), r.halfCheck().positions());
        }
        out.flush();
        if (json != null) {
            JsonFiles.write(json, r);
        }
    }
}
