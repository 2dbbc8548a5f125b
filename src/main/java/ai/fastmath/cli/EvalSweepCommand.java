package ai.fastmath.cli;

import ai.fastmath.eval.ProblemSet;
import ai.fastmath.eval.Sweep;
import ai.fastmath.eval.SweepReport;
import ai.fastmath.solve.ProblemSolver;
import ai.fastmath.solve.SolveRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval sweep}: pass@1 and mean output tokens per token budget, for one or more models. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"The shape of the paper's table: for each token budget (and each --model), pass@1 averaged over",
            "k samples per problem and the mean output tokens (with --full-output also the share of samples that box",
            "their answer before </think>). Writes sweep.md, sweep.json, sweep.png and problems.jsonl to --out."})
public class EvalSweepCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--problems", required = true, description = "CSV or JSONL with gold answers.")
    Path problems;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--budgets", split = ",", description = {"Token budgets, e.g. 256,512,1024 (default: one, each model's",
        "max_new_tokens in its generation_config.json, else 2048, cut per problem to what its context leaves)."})
    List<Integer> budgets;

    @Option(names = "--k", defaultValue = "4", description = "Samples per problem for pass@1 (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--limit", defaultValue = "0", description = "Only the first N problems (0: all).")
    int limit;

    @Option(names = "--concurrency", defaultValue = "4", description = "Problems in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--answer-mode", defaultValue = "exact", description = "exact or aimo (default: ${DEFAULT-VALUE}).")
    String answerMode;

    @Option(names = "--seed", defaultValue = "0") long seed;

    @Mixin
    SolverBackendOptions backend;

    @Mixin
    RuntimeOptions runtimeOptions;

    @Override
    public void run() {
        if (budgets != null && budgets.stream().anyMatch(b -> b < 1) || k < 1 || k > SolveRequest.MAX_SAMPLES || concurrency < 1) {
            throw new IllegalArgumentException("--budgets must be positive, --k 1.." + SolveRequest.MAX_SAMPLES
                    + ", --concurrency >= 1");
        }
        List<ProblemSet.Problem> set = ProblemSet.load(problems);
        if (limit > 0 && set.size() > limit) {
            set = set.subList(0, limit);
        }
        List<String> names = backend.names();
        PrintWriter console = spec.commandLine().getOut();
        List<Sweep.Point> points = new ArrayList<>();
        int cells = budgets == null ? 1 : budgets.size();
        try (ProgressBar bar = ProgressBars.of("sweep", (long) names.size() * cells * set.size())) {
            for (String name : names) {
                List<Integer> sorted = new ArrayList<>(budgets != null ? budgets : List.of(backend.defaultMaxTokens(name)));
                Collections.sort(sorted);
                int longest = sorted.get(sorted.size() - 1);
                // full output keeps each sample's text to the end of its turn: the sweep then counts the answers
                // boxed before </think>, what a stop at </think> would keep
                SolveRequest template = sampling.template(k, longest, "none", answerMode).toBuilder()
                        .includeText(backend.fullOutput).build();
                try (ProblemSolver solver = backend.open(name, runtimeOptions.runtime(), longest, budgets == null)) {
                    points.addAll(Sweep.run(name, solver, set, sorted, k, template, concurrency, seed, what -> {
                        bar.step();
                        bar.setExtraMessage(what);
                    }));
                }
            }
        }
        SweepReport.write(out, points);
        console.print(SweepReport.markdown(points));
        console.printf("wrote %s/{sweep.md, sweep.json, sweep.png}%n", out);
        console.flush();
    }
}
