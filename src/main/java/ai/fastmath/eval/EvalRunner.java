package ai.fastmath.eval;

import ai.fastmath.io.Charts;
import ai.fastmath.solve.AnswerChecker;
import ai.fastmath.solve.ProblemSolver;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.SolveResult;
import ai.fastmath.solve.SolveRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A Kaggle-style, time-limited evaluation: the {@link Gateway} shows problems one at a time, the
 * {@link TimePolicy} gives each a time and a sample count, the solver votes within that time, and the
 * run never exceeds its limit: each problem's deadline fits what is left minus a reserve, a solver
 * that overruns its deadline is cut off after a grace of half the reserve, and problems there is no
 * time for get the fallback answer. After every problem the results, the submission (every row) and
 * the state are on disk, so a killed run resumes where it stopped.
 */
public final class EvalRunner {

    private final ProblemSolver solver;
    private final EvalSettings settings;
    private final EvalFiles files;

    public EvalRunner(ProblemSolver solver, EvalSettings settings, EvalFiles files) {
        this.solver = solver;
        this.settings = settings;
        this.files = files;
    }

    /**
     * Runs (or resumes) the evaluation of {@code problems} and writes every output.
     *
     * @param problemsSha256 the problem file's digest (a resume must see the same file)
     * @param progress called after each problem, reached or not
     */
    public EvalSummary run(List<ProblemSet.Problem> problems, String problemsSha256, Consumer<ProblemResult> progress) {
        return run(problems, problemsSha256, progress, System.nanoTime());
    }

    /**
     * As {@link #run(List, String, Consumer)}, with the clock started at {@code startNanos} (a
     * {@link System#nanoTime()} value): the command passes its own start, so loading the model counts
     * against the limit as it does on Kaggle.
     */
    public EvalSummary run(List<ProblemSet.Problem> problems, String problemsSha256, Consumer<ProblemResult> progress,
            long startNanos) {
        double limitS = settings.timeLimit().toMillis() / 1000.0;
        Charts.warmUp();
        Optional<EvalState> earlierState = files.readState();
        earlierState.ifPresent(s -> checkSameRun(s, problemsSha256, limitS));
        if (earlierState.isEmpty() && java.nio.file.Files.exists(files.results())) {
            throw new IllegalArgumentException(files.dir() + " has a results.jsonl but no state.json: not a run this"
                    + " command can resume; choose another --out (nothing there was changed)");
        }
        List<ProblemResult> rows = new ArrayList<>(earlierState.isPresent() ? files.readResults() : List.of());
        files.rewriteResults(rows);
        Map<String, String> earlier = new LinkedHashMap<>();
        rows.forEach(r -> earlier.put(r.id(), r.answer()));
        Gateway gateway = new Gateway(problems, settings.seed(), earlier);
        Map<String, String> gold = golds(problems);
        double usedBefore = earlierState.map(EvalState::usedOnResume).orElse(0.0);
        long t0 = startNanos;
        boolean finished = earlierState.map(EvalState::finished).orElse(false);

        while (!finished) {
            double used = usedBefore + (System.nanoTime() - t0) / 1e9;
            Duration left = Duration.ofMillis((long) ((limitS - used) * 1000) - settings.reserve().toMillis());
            if (left.compareTo(settings.minProblemTime()) < 0) {
                break;
            }
            Optional<ProblemSet.Problem> next = gateway.next();
            if (next.isEmpty()) {
                break;
            }
            ProblemSet.Problem p = next.get();
            int remaining = gateway.total() - gateway.answered();
            TimePolicy.Allocation a = settings.policy().next(
                    new TimePolicy.State(gateway.total(), remaining, settings.timeLimit(), left, p.problem()));
            Duration budget = min(min(a.time(), settings.perProblemTimeout()), left);
            Duration grace = settings.reserve().dividedBy(2);
            files.writeState(new EvalState(problemsSha256, settings.seed(), limitS, used, p.id(),
                    (budget.plus(grace).toMillis()) / 1000.0, false));
            ProblemResult row = solve(p, gateway.positionOf(p.id()), a.samples(), budget, grace, gold.get(p.id()));
            gateway.answer(p.id(), row.answer());
            rows.add(row);
            files.appendResult(row);
            files.writeSubmission(gateway.submission(settings.fallbackAnswer()));
            files.writeState(new EvalState(problemsSha256, settings.seed(), limitS,
                    usedBefore + (System.nanoTime() - t0) / 1e9, null, 0, false));
            progress.accept(row);
        }
        double used = finished ? earlierState.get().timeUsedS() : usedBefore + (System.nanoTime() - t0) / 1e9;
        for (ProblemSet.Problem p : gateway.unanswered()) {
            ProblemResult row = ProblemResult.notReached(p.id(), gateway.positionOf(p.id()), settings.fallbackAnswer(),
                    gold.get(p.id()));
            rows.add(row);
            files.appendResult(row);
            progress.accept(row);
        }
        files.writeSubmission(gateway.submission(settings.fallbackAnswer()));
        files.writeState(new EvalState(problemsSha256, settings.seed(), limitS, used, null, 0, true));
        EvalSummary summary = EvalSummary.of(rows, used, limitS, settings.policy().describe(), solver.describe(),
                settings.seed());
        files.writeSummary(summary);
        EvalPlots.write(files.dir(), rows, limitS);
        return summary;
    }

    private ProblemResult solve(ProblemSet.Problem p, int position, int samples, Duration budget, Duration grace,
            String gold) {
        SolveRequest r = settings.template()
                .forProblem(p.problem(), settings.template().rule(), settings.seed() + 1000L * position)
                .withSamples(samples)
                .withDeadline(budget.isZero() ? Duration.ofMillis(1) : budget);
        long t0 = System.nanoTime();
        SolveResult res = null;
        String stop;
        String error = null;
        try {
            SolveRun run = solver.submit(r);
            try {
                res = run.result().get(budget.plus(grace).toMillis(), TimeUnit.MILLISECONDS);
                stop = res.stopReason();
            } catch (TimeoutException e) {
                run.cancel("deadline"); // the solver overran its deadline: cut it off, keep its vote if it comes at once
                stop = "timeout";
                res = partial(run, grace.dividedBy(4));
            }
        } catch (ExecutionException e) {
            stop = "error";
            error = String.valueOf(e.getCause().getMessage());
        } catch (RuntimeException e) {
            stop = "error";
            error = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String voted = res == null ? null : res.answer();
        String answer = voted != null ? voted : settings.fallbackAnswer();
        Boolean correct = gold == null ? null : voted != null && settings.template().checker().same(gold, voted);
        return new ProblemResult(p.id(), position, answer, voted, gold, correct, res == null ? Map.of() : res.tally(),
                samples, res == null ? 0 : res.started(), res == null ? 0 : res.finished(), res == null ? 0 : res.tokens(),
                seconds, budget.toMillis() / 1000.0, stop, true, error);
    }

    private static SolveResult partial(SolveRun run, Duration wait) throws InterruptedException {
        try {
            return run.result().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        }
    }

    /** Gold answers in the checker's canonical form (as given when they have none). */
    private Map<String, String> golds(List<ProblemSet.Problem> problems) {
        AnswerChecker checker = settings.template().checker();
        Map<String, String> gold = new LinkedHashMap<>();
        for (ProblemSet.Problem p : problems) {
            if (p.answer() != null) {
                gold.put(p.id(), checker.canonical(p.answer()).orElse(p.answer()));
            }
        }
        return gold;
    }

    private void checkSameRun(EvalState s, String sha, double limitS) {
        if (!s.problemsSha256().equals(sha) || s.seed() != settings.seed() || s.timeLimitS() != limitS) {
            throw new IllegalArgumentException(files.dir() + " holds another run (problems, seed or time limit differ);"
                    + " resume with the same settings or choose another --out");
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
