package ai.fastmath.eval;

import ai.fastmath.solve.AnswerChecker;
import com.fasterxml.jackson.annotation.JsonIgnore;
import ai.fastmath.solve.ProblemSolver;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.SolveResult;
import ai.fastmath.solve.StopRule;
import ai.fastmath.solve.ThinkFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * The shape of the paper's table: for each model and token budget, pass@1 averaged over k samples
 * per problem and the mean output tokens. Samples are drawn at the request's sampling settings with
 * a fixed N = k and no early stopping, each cut at the budget (a cut sample without a boxed answer
 * counts as wrong, as in the paper). Problems that name their family and level (the curriculum's JSONL)
 * are also scored cell by cell.
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
     * @param boxedInThinkShare share of samples that box an answer before {@code </think>} ({@link ThinkFormat}),
     *     measured when the template asks for sample texts (null otherwise); meaningful on full output, since
     *     a sample stopped at {@code </think>} has its text cut before the tag
     */
    public record Point(String model, int budget, int problems, int k, double passAt1, double majAtK,
            double meanOutputTokens, double cutShare, Double boxedInThinkShare, double seconds, List<Cell> cells,
            @JsonIgnore List<Score> scores) {

        public Point {
            cells = List.copyOf(cells);
            scores = List.copyOf(scores);
        }
    }

    /** One problem's result: how many of the k samples were right, whether the vote was, its tokens. */
    public record Score(String model, int budget, String id, int right, int k, boolean majority, long tokens) {}

    /** The same measures over the problems of one family and level (problems that name them). */
    public record Cell(String family, int level, int problems, double passAt1, double majAtK, double meanOutputTokens) {}

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
                Tallies all = new Tallies();
                long boxedInThink = 0;
                List<Score> scores = new ArrayList<>();
                Map<String, Tallies> cells = new TreeMap<>();
                for (int i = 0; i < problems.size(); i++) {
                    ProblemSet.Problem p = problems.get(i);
                    SolveResult res = runs.get(i).get();
                    Optional<String> gold = checker.gold(p.answer());
                    long right = res.samples().stream().filter(s -> checker.matches(gold, s.answer())).count();
                    boolean majority = checker.matches(gold, res.answer());
                    long cut = res.samples().stream().filter(s -> "length".equals(s.finishReason())).count();
                    boxedInThink += res.samples().stream()
                            .filter(s -> s.text() != null && ThinkFormat.boxedBeforeThinkEnd(s.text())).count();
                    all.add(right / (double) k, majority, res.tokens(), cut);
                    scores.add(new Score(model, budget, p.id(), (int) right, k, majority, res.tokens()));
                    if (p.family() != null && p.level() != null) {
                        cells.computeIfAbsent(p.family() + "\u0000" + p.level(), c -> new Tallies())
                                .add(right / (double) k, majority, res.tokens(), cut);
                    }
                }
                List<Cell> byCell = new ArrayList<>();
                cells.forEach((key, t) -> {
                    String[] fl = key.split("\u0000");
                    byCell.add(new Cell(fl[0], Integer.parseInt(fl[1]), t.problems, t.pass / t.problems,
                            t.majority / (double) t.problems, t.tokens / (double) (t.problems * k)));
                });
                out.add(new Point(model, budget, all.problems, k, all.pass / all.problems,
                        all.majority / (double) all.problems, all.tokens / (double) (all.problems * k),
                        all.cut / (double) (all.problems * k),
                        template.includeText() ? boxedInThink / (double) (all.problems * k) : null,
                        (System.nanoTime() - t0) / 1e9, byCell, scores));
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

    /** Running sums over some problems. */
    private static final class Tallies {
        int problems;
        double pass;
        int majority;
        long tokens;
        long cut;

        void add(double passShare, boolean majorityRight, long tokenCount, long cutSamples) {
            problems++;
            pass += passShare;
            majority += majorityRight ? 1 : 0;
            tokens += tokenCount;
            cut += cutSamples;
        }
    }

    /** Whether a canonical answer (null: none) is the gold one, as the checker decides (symbolically where needed). */}
