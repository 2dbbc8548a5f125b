package ai.fastmath.cli;

import ai.fastmath.model.ForwardBenchmark;
import ai.fastmath.model.MemoryTensors;
import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.RandomInit;
import ai.fastmath.model.TensorRuntime;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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

    @Option(names = "--model", description = "Checkpoint directory; without it a random-init model of the sizes below.")
    Path model;

    @Option(names = "--hidden", defaultValue = "512") int hidden;
    @Option(names = "--layers", defaultValue = "8") int layers;
    @Option(names = "--heads", defaultValue = "8") int heads;
    @Option(names = "--kv-heads", defaultValue = "2") int kvHeads;
    @Option(names = "--intermediate", defaultValue = "1408") int intermediate;
    @Option(names = "--vocab", defaultValue = "4096") int vocab;

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
        String name;
        Qwen2Model m;
        if (model != null) {
            m = Qwen2Model.load(model, runtime);
            name = model.toString();
        } else {
            ModelConfig c = ModelConfig.of(vocab, hidden, intermediate, layers, heads, kvHeads);
            m = Qwen2Model.build(c, new MemoryTensors(RandomInit.tensors(c, 0, 0.02)), runtime);
            name = String.format("random-init hidden %d, %d layers, %d/%d heads, intermediate %d, vocab %d",
                    hidden, layers, heads, kvHeads, intermediate, vocab);
        }
        ForwardBenchmark.Result r;
        try (m) {
            r = ForwardBenchmark.run(m, name, batchSizes, promptTokens, decodeSteps);
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
            try {
                if (json.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(json.toAbsolutePath().getParent());
                }
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
            }
        }
    }
}
