package ai.fastmath.training.sft;

import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.io.Charts;
import ai.fastmath.eval.ProblemSet;
import ai.fastmath.eval.Sweep;
import ai.fastmath.io.Json;
import ai.fastmath.model.MemoryTensors;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.tokenizer.TextTokenizer;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.Solver;
import ai.fastmath.solve.StopRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-of-epoch evaluation: the current weights sampled through the project's engine and solver
 * (the paper's sampling: temperature 1.0, top_p 0.9, min_p 0.05), k samples per held-out problem, each
 * run to the end of its turn (a stage-1 model mostly boxes its answer after {@code </think>}),
 * graded by the one answer checker through {@link Sweep}: pass@1 averaged over the k samples, maj@k
 * and mean output tokens, appended to {@code eval.jsonl} and plotted in {@code eval_curve.png}.
 */
public final class EpochEvaluator {

    /** One evaluation, as written to {@code eval.jsonl}. */
    public record Result(int epoch, int problems, int k, int maxTokens, double passAt1, double majAtK,
            double meanOutputTokens, double cutShare, double seconds) {}

    private final List<ProblemSet.Problem> problems;
    private final TextTokenizer tokenizer;
    private final String systemPrompt;
    private final int k;
    private final int maxTokens;
    private final Path out;

    public EpochEvaluator(List<ProblemSet.Problem> problems, TextTokenizer tokenizer, String systemPrompt, int k,
            int maxTokens, Path out) {
        this.problems = List.copyOf(problems);
        this.tokenizer = tokenizer;
        this.systemPrompt = systemPrompt;
        this.k = k;
        this.maxTokens = maxTokens;
        this.out = out;
    }

    /** Evaluates a copy of the model's current weights (training goes on with the original). */
    public Result evaluate(int epoch, Qwen2Model trained) {
        long t0 = System.nanoTime();
        int seqs = Math.min(64, 8 * k);
        EngineConfig ec = new EngineConfig(seqs, 1024, seqs * Math.min(trained.config().maxPositionEmbeddings(),
                maxTokens + 512) + 64, 16, 100_000);
        Qwen2Model copy = Qwen2Model.build(trained.config(),
                new MemoryTensors(trained.weights().toNamedTensors(DType.F32)), trained.runtime());
        SolveRequest template = SolveRequest.builder("(each problem)").systemPrompt(systemPrompt).samples(k)
                .maxTokensPerSample(maxTokens).rule(StopRule.NEVER).build();
        Sweep.Point p;
        try (Engine engine = Engine.of(copy, tokenizer::decode, ec); // the engine owns the copy now
                Solver solver = new Solver(engine, tokenizer, "epoch " + epoch, List.of())) { // full replies: see Solver
            p = Sweep.run("epoch " + epoch, solver, problems, List.of(maxTokens), k, template, 8, 1_000L * epoch,
                    x -> { }).get(0);
        }
        Result r = new Result(epoch, p.problems(), k, maxTokens, p.passAt1(), p.majAtK(), p.meanOutputTokens(),
                p.cutShare(), (System.nanoTime() - t0) / 1e9);
        append(r);
        return r;
    }

    private void append(Result r) {
        Path file = out.resolve("eval.jsonl");
        try {
            Files.createDirectories(out);
            Files.writeString(file, Json.MAPPER.writeValueAsString(r) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            List<Result> all = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                all.add(Json.MAPPER.readValue(line, Result.class));
            }
            double[] x = all.stream().mapToDouble(Result::epoch).toArray();
            Charts.write(out.resolve("eval_curve.png"), "Held-out evaluation per epoch", "epoch", List.of(
                    new Charts.Panel("%", List.of(
                            new Charts.Series("pass@1 (avg of " + k + ")", x, all.stream().mapToDouble(a -> 100 * a.passAt1()).toArray()),
                            new Charts.Series("maj@" + k, x, all.stream().mapToDouble(a -> 100 * a.majAtK()).toArray()))),
                    new Charts.Panel("mean output tokens", List.of(new Charts.Series("tokens", x,
                            all.stream().mapToDouble(Result::meanOutputTokens).toArray())))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
