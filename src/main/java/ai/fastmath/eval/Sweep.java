package ai.fastmath.eval;

import ai.fastmath.solve.AnswerChecker;
import ai.fastmath.solve.ProblemSolver;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.SolveResult;
import ai.fastmath.solve.StopRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * The shape of the paper's table: for each model and token budget, pass@1 averaged over k samples
 * per problem and the mean output tokens. Samples are drawn at the request's sampling settings with
 * a fixed N = k and no early stopping, each cut at the budget (a cut sample without a boxed answer
 * counts as wrong, as in the paper).
 */
public final class Sweep {

    private Sweep() {}

    /**
     * One cell of the table.
     *
     * @param passAt1 mean over problems of the share of the k samples that are correct
     * @param majAtK share of problems whose majority answer over the k samples is correct
     * @param meanOutputTokens generated tokens per sample
     * @param cutShare share of samples that hit the budget
     */
    public record Point(String model, int budget, int problems, int k, double passAt1, double majAtK,
            double meanOutputTokens, double cutShare, double seconds) {}

    /**
     * Runs one model over every budget.
     *
     * @param template sampling settings (problem, N, limit, rule and seed are replaced)
     * @param concurrency problems in flight at once
     */
    public static List<Point> run(String model, ProblemSolver solver, List<ProblemSet.Problem> problems,
            List<Integer> budgets, int k, SolveRequest template, int concurrency, long seed, Consumer<String> progress) {
        if (problems.stream().anyMatch(p -> p.answer() == null)) {
            throw new IllegalArgumentException("sweep: every problem needs a gold answer");
        }
        AnswerChecker checker = template.checker();
        List<Point> out = new ArrayList<>();
        for (int budget : budgets) {
            long t0 = System.nanoTime();
            Semaphore slots = new Semaphore(concurrency);
            List<CompletableFuture<SolveResult>> runs = new ArrayList<>();
            try {
                for (int i = 0; i < problems.size(); i++) {
                    SolveRequest r = template.forProblem(problems.get(i).problem(), StopRule.NEVER, seed + 1000L * i)
                            .withSamples(k).withMaxTokensPerSample(budget).withDeadline(null);
                    slots.acquire();
                    String what = model + " @" + budget + " " + problems.get(i).id();
                    runs.add(solver.submit(r).result().whenComplete((x, e) -> {
                        slots.release();
                        progress.accept(what);
                    }));
                }
                double pass = 0;
                int majority = 0;
                long tokens = 0;
                long cut = 0;
                for (int i = 0; i < problems.size(); i++) {
                    SolveResult res = runs.get(i).get();
                    Optional<String> gold = checker.canonical(problems.get(i).answer());
                    long right = res.samples().stream()
                            .filter(s -> s.answer() != null && gold.equals(Optional.of(s.answer()))).count();
                    pass += right / (double) k;
                    majority += res.answer() != null && gold.equals(Optional.of(res.answer())) ? 1 : 0;
                    tokens += res.tokens();
                    cut += res.samples().stream().filter(s -> "length".equals(s.finishReason())).count();
                }
                int samples = problems.size() * k;
                out.add(new Point(model, budget, problems.size(), k, pass / problems.size(),
                        majority / (double) problems.size(), tokens / (double) samples,
                        cut / (double) samples, (System.nanoTime() - t0) / 1e9));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("sweep interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("sweep: " + model + " failed at budget " + budget + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        }
        return out;
    }
}
