package ai.fastmath.cli;

import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.eval.ProblemSet;
import ai.fastmath.model.GenerationConfig;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.model.tokenizer.TextTokenizer;
import ai.fastmath.solve.AnswerChecker;
import ai.fastmath.solve.ConfidenceRule;
import ai.fastmath.solve.SolveBenchmark;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.Solver;
import ai.fastmath.solve.StopRule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench solve}: fixed-N voting against each early-stopping rule on a problem set. */
@Command(name = "solve", mixinStandardHelpOptions = true,
        description = {"Tokens, time and accuracy per problem: fixed N versus each early-stopping rule; when the first",
            "rule is none, also maj@n against pass@1 for n = 1, 2, 4, ... N from its samples."})
public class BenchSolveCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchModelOptions modelOptions;

    @Option(names = "--tokenizer", description = "Tokenizer directory (default: the --model directory).")
    Path tokenizerDir;

    @Option(names = "--problems", required = true, description = "CSV (id,problem|question[,answer]) or JSONL.")
    Path problems;

    @Option(names = "--limit", defaultValue = "0", description = "Only the first N problems (0: all).")
    int limit;

    @Option(names = "--n", defaultValue = "16", description = "Samples per problem (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--max-tokens", description = {"Per-sample token limit (default: the model's max_new_tokens in its",
        "generation_config.json, else 512, no more than the context leaves after the longest prompt)."})
    Integer maxTokens;

    @Option(names = "--rules", split = ",", defaultValue = "none,unbeatable,beta,k-of-m:4/5",
            description = "Rules to compare; the first is the baseline (default: ${DEFAULT-VALUE}).")
    List<String> rules;

    @Option(names = "--answer-mode", defaultValue = "aimo", description = "exact or aimo (default: ${DEFAULT-VALUE}).")
    String answerMode;

    @Option(names = "--concurrency", defaultValue = "4", description = "Problems in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--seed", defaultValue = "0") long seed;

    @Option(names = "--max-parallel", defaultValue = "0",
            description = "Samples of a problem in flight at once; 0 = all N (default: ${DEFAULT-VALUE}).")
    int maxParallel;

    @Option(names = "--json", description = "Write the results as JSON to this file.")
    Path json;

    @Option(names = "--full-output", description = {"Let each sample run to the end of its turn instead of stopping at the",
        "model's stop_strings (generation_config.json; </think> for a stage-2 model)."})
    boolean fullOutput;

    @Mixin
    RuntimeOptions runtimeOptions;

    @Override
    public void run() {
        TensorRuntime runtime = runtimeOptions.runtime();
        PrintWriter out = spec.commandLine().getOut();
        List<ProblemSet.Problem> set = ProblemSet.load(problems);
        if (limit > 0 && set.size() > limit) {
            set = set.subList(0, limit);
        }
        rules.forEach(StopRule::parse); // fail on a bad rule before loading anything
        Path tokDir = tokenizerDir != null ? tokenizerDir : modelOptions.model;
        if (tokDir == null) {
            throw new IllegalArgumentException("--tokenizer DIR is needed with a random-init model");
        }
        BenchModelOptions.Loaded loaded = modelOptions.open(runtime);
        Qwen2Model m = loaded.model();
        int context = m.config().maxPositionEmbeddings();
        EngineConfig ec = new EngineConfig(64, 512, Math.min(concurrency * n, 128) * Math.min(context, 1024) + 64, 16, 100_000);
        try (TextTokenizer tokenizer = TextTokenizer.load(tokDir);
                Engine engine = Engine.of(m, tokenizer::decode, ec);
                Solver solver = new Solver(engine, tokenizer, loaded.description(), stopStrings())) {
            AnswerChecker.Mode mode = AnswerChecker.Mode.valueOf(answerMode.toUpperCase(java.util.Locale.ROOT));
            List<SolveBenchmark.Item> items = set.stream()
                    .map(p -> new SolveBenchmark.Item(p.id(), p.problem(), p.answer())).toList();
            int maxTokens = this.maxTokens != null ? this.maxTokens : defaultMaxTokens(solver, items, context);
            SolveRequest template = SolveRequest.builder("template").samples(n).maxTokensPerSample(maxTokens)
                    .rule(StopRule.NEVER).answerMode(mode).maxParallel(maxParallel).build();
            out.printf("model: %s; %d problems from %s; N=%d (%s in flight), max_tokens %d, %s answers%n",
                    loaded.description(), items.size(), problems, n, maxParallel == 0 ? "all" : maxParallel, maxTokens,
                    answerMode);
            out.flush();
            List<SolveBenchmark.RuleRun> runs;
            try (ProgressBar bar = ProgressBars.of("bench solve", (long) items.size() * rules.size())) {
                runs = SolveBenchmark.run(solver, items, template, rules, concurrency, seed, what -> {
                    synchronized (bar) {
                        bar.step();
                        bar.setExtraMessage(what);
                    }
                });
            }
            out.printf("%-14s %8s %9s %12s %9s %10s %9s %8s%n", "rule", "problems", "accuracy", "tokens/prob", "saving",
                    "s/problem", "finished", "wall s");
            for (SolveBenchmark.RuleRun r : runs) {
                out.printf("%-14s %8d %9s %12.1f %8.1f%% %10.2f %9.1f %8.1f%n", r.rule(), r.problems(),
                        r.accuracy() == null ? "-" : String.format("%.1f%%", 100 * r.accuracy()), r.meanTokens(),
                        100 * r.tokenSaving(), r.meanSeconds(), r.meanFinished(), r.wallS());
            }
            List<SolveBenchmark.VoteSize> sizes = List.of();
            if (StopRule.parse(rules.get(0)) == StopRule.NEVER && items.stream().anyMatch(i -> i.gold() != null)) {
                // what the vote is worth: maj@n of the fixed run's first n samples against pass@1
                List<Integer> ns = java.util.stream.IntStream.iterate(1, v -> v <= n, v -> v * 2).boxed()
                        .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
                if (ns.get(ns.size() - 1) != n) {
                    ns.add(n);
                }
                sizes = SolveBenchmark.voteSizes(runs.get(0), items, template.checker(), ns);
                out.printf("%nvote size (the first n samples of the %s run): maj@n against pass@1%n", rules.get(0));
                out.printf("%6s %9s %9s %12s%n", "n", "maj@n", "pass@1", "tokens/prob");
                for (SolveBenchmark.VoteSize v : sizes) {
                    out.printf("%6d %8.1f%% %8.1f%% %12.1f%n", v.n(), 100 * v.majAtN(), 100 * v.passAt1(), v.tokensPerProblem());
                }
            }
            // does the model's confidence carry a signal? accuracy by decile of the first offline confidence run's traces
            List<SolveBenchmark.ConfidenceDecile> deciles = List.of();
            for (SolveBenchmark.RuleRun r : runs) {
                if (StopRule.parse(r.rule()) instanceof ConfidenceRule c && !c.online()) {
                    deciles = SolveBenchmark.confidenceDeciles(r, items, template.checker());
                    out.printf("%nsample accuracy by decile of trace confidence (%s, %s run)%n", c.score().name().toLowerCase(
                            java.util.Locale.ROOT), r.rule());
                    out.printf("%7s %10s %10s %8s %9s%n", "decile", "from", "to", "samples", "accuracy");
                    for (SolveBenchmark.ConfidenceDecile d : deciles) {
                        out.printf("%7d %10.3f %10.3f %8d %8.1f%%%n", d.decile(), d.from(), d.to(), d.samples(), 100 * d.accuracy());
                    }
                    break;
                }
            }
            out.flush();
            if (json != null) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("model", loaded.description());
                doc.put("runtime", runtime.toString());
                doc.put("problems", problems.toString());
                doc.put("n", n);
                doc.put("max_tokens", maxTokens);
                doc.put("max_parallel", maxParallel);
                doc.put("full_output", fullOutput);
                doc.put("vote_sizes", sizes);
                doc.put("confidence_deciles", deciles);
                doc.put("runs", runs);
                JsonFiles.write(json, doc);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    /** The model's own stop strings (none for a random-init model), or none with {@code --full-output}. */
    private List<String> stopStrings() {
        return modelOptions.model == null ? List.of() : GenerationConfig.load(modelOptions.model).stops(fullOutput);
    }

    /** The model's max_new_tokens (else 512), no more than the context leaves after the longest prompt. */
    private int defaultMaxTokens(Solver solver, List<SolveBenchmark.Item> items, int context) {
        int own = modelOptions.model == null ? 512 : GenerationConfig.load(modelOptions.model).maxNewTokens().orElse(512);
        int longestPrompt = items.stream().mapToInt(i -> solver.prompt(SolveRequest.of(i.problem(), 1)).length).max().orElse(0);
        if (context - longestPrompt < 1) {
            throw new IllegalArgumentException("the longest prompt takes " + longestPrompt + " tokens of the model's context of "
                    + context + ": nothing is left to generate");
        }
        return Math.min(own, context - longestPrompt);
    }
}
