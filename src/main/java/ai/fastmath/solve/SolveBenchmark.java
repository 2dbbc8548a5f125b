package ai.fastmath.solve;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Fixed-N self-consistency against each early-stopping rule on one problem set: tokens, time and
 * accuracy per rule. Every rule sees the same samples (sample i of a problem uses seed + i and the
 * engine's outputs do not depend on the batch), so an early stop is a prefix of the fixed-N run.
 */
public final class SolveBenchmark {

    private SolveBenchmark() {}

    /** A problem and its gold answer (null if unknown). */
    public record Item(String id, String problem, String gold) {}

    /** One problem under one rule. */
    public record ProblemRun(String id, String answer, Boolean correct, long tokens, double seconds, int finished,
            String stopReason) {}

    /** One rule over the set. */
    public record RuleRun(String rule, int problems, Double accuracy, double meanTokens, double tokenSaving,
            double meanSeconds, double meanFinished, double wallS, List<ProblemRun> perProblem) {}

    /**
     * @param template the request every problem is solved with (its problem, rule and seed are replaced)
     * @param concurrency problems in flight at once
     * @param progress called after each problem
     */
    public static List<RuleRun> run(Solver solver, List<Item> items, SolveRequest template, List<String> ruleSpecs,
            int concurrency, long seed, Consumer<String> progress) throws Exception {
        List<RuleRun> out = new ArrayList<>();
        double fixedTokens = Double.NaN;
        for (String spec : ruleSpecs) {
            StopRule rule = StopRule.parse(spec);
            List<CompletableFuture<ProblemRun>> runs = new ArrayList<>();
            Semaphore slots = new Semaphore(concurrency);
            long t0 = System.nanoTime();
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                SolveRequest r = template.forProblem(item.problem(), rule, seed + 1000L * i);
                slots.acquire();
                runs.add(solver.solve(r).whenComplete((x, e) -> slots.release()).thenApply(res -> {
                    Optional<String> gold = item.gold() == null ? Optional.empty() : r.checker().canonical(item.gold());
                    Boolean correct = item.gold() == null ? null
                            : res.answer() != null && gold.isPresent() && r.checker().same(gold.get(), res.answer());
                    progress.accept(spec + " " + item.id());
                    return new ProblemRun(item.id(), res.answer(), correct, res.tokens(), res.seconds(), res.finished(),
                            res.stopReason());
                }));
            }
            List<ProblemRun> done = new ArrayList<>();
            for (CompletableFuture<ProblemRun> f : runs) {
                done.add(f.get());
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double tokens = done.stream().mapToLong(ProblemRun::tokens).average().orElse(0);
            if (Double.isNaN(fixedTokens)) {
                fixedTokens = tokens;
            }
            List<ProblemRun> graded = done.stream().filter(p -> p.correct() != null).toList();
            Double accuracy = graded.isEmpty() ? null
                    : graded.stream().filter(ProblemRun::correct).count() / (double) graded.size();
            out.add(new RuleRun(spec, done.size(), accuracy, tokens,
                    fixedTokens > 0 ? 1 - tokens / fixedTokens : 0,
                    done.stream().mapToDouble(ProblemRun::seconds).average().orElse(0),
                    done.stream().mapToInt(ProblemRun::finished).average().orElse(0), wall, done));
        }
        return out;
    }
}
