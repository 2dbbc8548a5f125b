package ai.fastmath.cli;

import ai.fastmath.eval.DifficultyPredictor;
import ai.fastmath.eval.EvalFiles;
import ai.fastmath.eval.EvalRunner;
import ai.fastmath.eval.EvalSettings;
import ai.fastmath.eval.EvalSummary;
import ai.fastmath.eval.ProblemSet;
import ai.fastmath.eval.TimePolicy;
import ai.fastmath.solve.ProblemSolver;
import ai.fastmath.solve.SolveRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval}: a Kaggle-style (AIMO) time-limited run over a problem set. */
@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = EvalSweepCommand.class,
        description = {"A time-limited run the way AIMO scores it: problems one at a time in a seeded random order,",
            "a time and sample budget per problem from a policy, every row in submission.csv even when time runs out.",
            "Writes submission.csv, results.jsonl, summary.json and plots to --out; rerun the same command to resume."})
public class EvalCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--problems", description = "CSV (id,problem|question[,answer]) or JSONL.")
    Path problems;

    @Option(names = "--out", description = "Output directory (a run there is resumed).")
    Path out;

    @Option(names = "--time-limit", converter = DurationConverter.class, description = "The whole run's limit, e.g. 5h.")
    Duration timeLimit;

    @Option(names = "--problem-timeout", converter = DurationConverter.class, defaultValue = "30m",
            description = "The most one problem may take (default: ${DEFAULT-VALUE}, AIMO2's).")
    Duration problemTimeout;

    @Option(names = "--policy", defaultValue = "tiered",
            description = "equal | tiered (AIMO2 2nd place) | predicted (with --difficulty) (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--difficulty", description = "JSONL {\"id\", \"difficulty\"} from a difficulty predictor (1.0 = average).")
    Path difficulty;

    @Option(names = "--n", defaultValue = "8", description = "Samples per problem for the equal policy (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--max-tokens", description = {"Per-sample token limit (default: the model's max_new_tokens in its",
        "generation_config.json, else 2048, cut per problem to what the model's context leaves after the prompt)."})
    Integer maxTokens;

    @Option(names = "--rule", defaultValue = "beta", description = "Early stopping: none | unbeatable | beta[:p] | k-of-m:K/M (default: ${DEFAULT-VALUE}).")
    String rule;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--answer-mode", defaultValue = "aimo", description = "aimo (integers 0-999) or exact (default: ${DEFAULT-VALUE}).")
    String answerMode;

    @Option(names = "--fallback-answer", defaultValue = "0", description = "Submitted when there is no answer (default: ${DEFAULT-VALUE}).")
    String fallbackAnswer;

    @Option(names = "--seed", defaultValue = "0", description = "Serving order and sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--reserve", converter = DurationConverter.class,
            description = "Time held back for cut-offs and the final writes (default: 2%% of the limit, 2-60 s).")
    Duration reserve;

    @Option(names = "--min-problem-time", converter = DurationConverter.class,
            description = "No problem is shown with less time left (default: a tenth of the average, 0.2-30 s).")
    Duration minProblemTime;

    @Mixin
    SolverBackendOptions backend;

    @Mixin
    RuntimeOptions runtimeOptions;

    @Override
    public void run() {
        if (problems == null || out == null || timeLimit == null) {
            throw new IllegalArgumentException("eval needs --problems FILE, --time-limit and --out DIR (or: eval sweep)");
        }
        List<ProblemSet.Problem> set = ProblemSet.load(problems);
        List<String> names = backend.names();
        String name = names.get(0);
        if (names.size() > 1) {
            throw new IllegalArgumentException("eval runs one model; compare several with eval sweep");
        }
        int perSample = maxTokens != null ? maxTokens : backend.defaultMaxTokens(name);
        SolveRequest template = sampling.template(n, perSample, rule, answerMode);
        DifficultyPredictor predictor = difficulty == null ? null : DifficultyPredictor.fromFile(difficulty, set);
        TimePolicy timePolicy = TimePolicy.parse(policy, n, predictor);
        Duration average = timeLimit.dividedBy(set.size());
        EvalSettings settings = new EvalSettings(timeLimit, problemTimeout, seed, template, timePolicy, fallbackAnswer,
                reserve != null ? reserve : EvalSettings.defaultReserve(timeLimit),
                minProblemTime != null ? minProblemTime
                        : Duration.ofMillis(Math.max(200, Math.min(30_000, average.toMillis() / 10))));
        PrintWriter console = spec.commandLine().getOut();
        // the clock runs from here: loading the model counts against the limit, as on Kaggle
        long started = System.nanoTime();
        try (ProblemSolver solver = backend.open(name, runtimeOptions.runtime(), perSample, maxTokens == null)) {
            ProgressBar bar = ProgressBars.of("eval", set.size());
            console.printf("eval: %d problems from %s, limit %s, policy %s, answers from %s%n", set.size(), problems,
                    timeLimit, timePolicy.describe(), solver.describe());
            console.flush();
            int[] correct = {0};
            EvalSummary s;
            try {
                s = new EvalRunner(solver, settings, new EvalFiles(out)).run(set, EvalFiles.sha256(problems), r -> {
                    correct[0] += Boolean.TRUE.equals(r.correct()) ? 1 : 0;
                    bar.step();
                    bar.setExtraMessage(r.reached() ? String.format("%s -> %s (%s, %.1fs), %d correct", r.id(), r.answer(),
                            r.stopReason(), r.seconds(), correct[0]) : r.id() + " not reached");
                }, started);
            } finally {
                bar.close();
            }
            console.printf("%-10s %8s %8s %9s %14s %12s%n", "problems", "reached", "answered", "accuracy", "tokens/sample",
                    "time used");
            console.printf("%-10d %8d %8d %9s %14.1f %7.1f/%.0fs%n", s.problems(), s.reached(), s.answered(),
                    s.accuracy() == null ? "-" : String.format("%.1f%%", 100 * s.accuracy()), s.meanOutputTokens(),
                    s.timeUsedS(), s.timeLimitS());
            console.printf("wrote %s/{submission.csv, results.jsonl, summary.json, per_problem.png, accuracy_vs_time.png}%n", out);
            console.flush();
        }
    }
}
