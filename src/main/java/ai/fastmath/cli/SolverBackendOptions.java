package ai.fastmath.cli;

import ai.fastmath.api.client.GrpcSolveClient;
import ai.fastmath.api.client.RestSolveClient;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.model.DefaultModel;
import ai.fastmath.model.GenerationConfig;
import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.solve.CheckpointSolver;
import ai.fastmath.solve.ProblemSolver;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where a command's answers come from: a checkpoint in process (the default), or a running FastMath
 * service over REST or gRPC.
 */
public class SolverBackendOptions {

    @Option(names = "--model", description = "Checkpoint directory, run in process.")
    List<Path> models = List.of();

    @Option(names = "--server", description = "A FastMath service over REST, e.g. http://127.0.0.1:8080.")
    URI server;

    @Option(names = "--grpc", description = "A FastMath service over gRPC, host:port.")
    String grpc;

    @Option(names = "--api-key", defaultValue = "${env:FASTMATH_API_KEY}", description = "Bearer token for the service, REST or gRPC (default: $FASTMATH_API_KEY).")
    String apiKey;

    @Option(names = "--max-num-seqs", defaultValue = "32", description = "In-process engine: sequences per step (default: ${DEFAULT-VALUE}).")
    int maxNumSeqs;

    @Option(names = "--full-output", description = {"In-process model: let each sample run to the end of its turn instead of",
        "stopping at the model's stop_strings (generation_config.json; </think> for a stage-2 model)."})
    boolean fullOutput;

    @Option(names = "--kv-cache-tokens", defaultValue = "0", description = "In-process engine: KV capacity in tokens (0: enough for --max-num-seqs full sequences).")
    int kvCacheTokens;

    /** The names of the solvers to run: checkpoint directories, or the one service. */
    List<String> names() {
        int given = (models.isEmpty() ? 0 : 1) + (server == null ? 0 : 1) + (grpc == null ? 0 : 1);
        if (given == 0) {
            // nothing named: the model the training module committed, if there is one
            Path dir = DefaultModel.locate(Path.of("")).orElseThrow(() -> new IllegalArgumentException(
                    "give one of --model DIR, --server URL, --grpc host:port (no default model: " + DefaultModel.POINTER
                            + " does not exist here)"));
            return List.of(dir.toString());
        }
        if (given != 1) {
            throw new IllegalArgumentException("give exactly one of --model DIR, --server URL, --grpc host:port");
        }
        if (server != null) {
            return List.of(server.toString());
        }
        if (grpc != null) {
            return List.of("grpc://" + grpc);
        }
        return models.stream().map(Path::toString).toList();
    }

    /**
     * Opens one solver.
     *
     * @param name one of {@link #names()}
     * @param maxTokens the longest sample asked for: the in-process KV cache is sized for it
     */
    ProblemSolver open(String name, TensorRuntime runtime, int maxTokens) {
        return open(name, runtime, maxTokens, false);
    }

    /**
     * The per-sample token limit when the command was not given one: for a checkpoint, its
     * {@code generation_config.json}'s {@code max_new_tokens}, else {@value #FALLBACK_MAX_TOKENS}, never
     * more than its context; for a service, {@value #FALLBACK_MAX_TOKENS} (the service cuts it no further).
     */
    int defaultMaxTokens(String name) {
        if (server != null || grpc != null) {
            return FALLBACK_MAX_TOKENS;
        }
        Path dir = Path.of(name);
        int context = ModelConfig.load(dir).maxPositionEmbeddings();
        return Math.min(GenerationConfig.load(dir).maxNewTokens().orElse(FALLBACK_MAX_TOKENS), context - 1);
    }

    /** Without a model's own limit, or for a service. */
    static final int FALLBACK_MAX_TOKENS = 2048;

    /**
     * @param fitToContext true when the limit is the command's default: an in-process request whose
     *     prompt leaves less room runs with its limit cut to what the context leaves, instead of failing
     */
    ProblemSolver open(String name, TensorRuntime runtime, int maxTokens, boolean fitToContext) {
        if (fullOutput && (server != null || grpc != null)) {
            throw new IllegalArgumentException("--full-output applies to an in-process --model; a service stops where its model's generation_config.json says");
        }
        if (server != null) {
            return new RestSolveClient(server, apiKey);
        }
        if (grpc != null) {
            return new GrpcSolveClient(grpc, apiKey);
        }
        Path dir = Path.of(name);
        int context = ModelConfig.load(dir).maxPositionEmbeddings();
        if (maxTokens >= context && !fitToContext) {
            throw new IllegalArgumentException("--max-tokens " + maxTokens + " does not fit " + dir
                    + " (context " + context + " tokens, prompt included)");
        }
        int kv = kvCacheTokens > 0 ? kvCacheTokens : maxNumSeqs * Math.min(context, maxTokens + 512) + 64;
        return CheckpointSolver.open(dir, runtime, new EngineConfig(maxNumSeqs, 512, kv, 16, 10_000), fullOutput, fitToContext);
    }
}
