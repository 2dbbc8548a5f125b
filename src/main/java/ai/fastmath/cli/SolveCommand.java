package ai.fastmath.cli;

import ai.fastmath.api.SolveBody;
import ai.fastmath.api.SolveResponse;
import ai.fastmath.solve.ProblemSolver;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.SolveResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code solve}: one problem, answered as {@code POST /v1/solve} answers it (the same request fields as
 * options, the same vote), by the embedded default model unless told otherwise.
 */
@Command(name = "solve", mixinStandardHelpOptions = true,
        description = {"Solve one problem by majority vote: prints the answer, its share and the tokens",
                "(--json: the REST response). Without --model/--server/--grpc: the model training/models/DEFAULT names."})
public class SolveCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROBLEM", description = "The problem, e.g. \"What is 17 + 25?\".")
    String problem;

    @Option(names = "--n", defaultValue = "8", description = "Samples that vote, 1-64 (default: ${DEFAULT-VALUE}).")
    int n;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--max-tokens", description = {"Per-sample token limit (default: the model's max_new_tokens, else 2048,",
        "cut to what the context leaves after the prompt)."})
    Integer maxTokens;

    @Option(names = "--token-budget", defaultValue = "0", description = "Tokens for all samples together; 0: none (default).")
    long tokenBudget;

    @Option(names = "--deadline-s", description = "Seconds until the vote is taken over what has finished.")
    Double deadlineS;

    @Option(names = "--rule", defaultValue = "beta",
            description = "Early stopping: none | unbeatable | beta[:p] | k-of-m:K/M (default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = "--seed", description = "Sample i uses seed + i (default: random).")
    Long seed;

    @Option(names = "--include-text", description = "Keep each sample's text (shown with --json).")
    boolean includeText;

    @Option(names = "--answer-mode", defaultValue = "exact", description = "exact or aimo (default: ${DEFAULT-VALUE}).")
    String answerMode;

    @Option(names = "--fallback", defaultValue = "none",
            description = "Without a \\boxed{} answer: none or last_number (default: ${DEFAULT-VALUE}).")
    String fallback;

    @Option(names = "--max-parallel", defaultValue = "0", description = "Samples in flight at once; 0: all (default).")
    int maxParallel;

    @Option(names = "--json", description = "Print the REST response (POST /v1/solve) instead of the summary.")
    boolean json;

    @Mixin
    SolverBackendOptions backend;

    @Mixin
    RuntimeOptions runtimeOptions;

    @Override
    public void run() {
        if (problem == null || problem.isBlank()) {
            throw new IllegalArgumentException("PROBLEM: give the problem to solve, e.g. solve \"What is 17 + 25?\"");
        }
        if (deadlineS != null && !SolveBody.validDeadline(deadlineS)) {
            throw new IllegalArgumentException("--deadline-s must be more than 0 and less than 1e7, got " + deadlineS);
        }
        String name = backend.names().get(0);
        int perSample = maxTokens != null ? maxTokens : backend.defaultMaxTokens(name);
        SolveRequest request = sampling.template(n, perSample, rule, answerMode).toBuilder().problem(problem)
                .tokenBudget(tokenBudget).deadline(deadlineS == null ? null : Duration.ofMillis(Math.round(deadlineS * 1000)))
                .seed(seed).includeText(includeText).fallback(GradeCommand.fallback(fallback)).maxParallel(maxParallel).build();
        SolveResult result;
        String model;
        try (ProblemSolver solver = backend.open(name, runtimeOptions.runtime(), perSample, maxTokens == null)) {
            model = solver.describe();
            result = solver.submit(request).result().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(String.valueOf(cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonFiles.line(SolveResponse.of(model, result)));
        } else {
            out.println(result.answer() == null ? "no answer" : result.answer());
            out.printf("share %.2f of %d answers (%s); %d of %d samples finished, %,d tokens, %.2f s, stop: %s; %s%n",
                    result.share(), result.tally().values().stream().mapToInt(Integer::intValue).sum(), tally(result.tally()),
                    result.finished(), result.samples().size(), result.tokens(), result.seconds(), result.stopReason(), model);
        }
        out.flush();
    }

    private static String tally(Map<String, Integer> tally) {
        return tally.isEmpty() ? "none" : tally.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
