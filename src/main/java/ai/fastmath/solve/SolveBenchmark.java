package ai.fastmath.solve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * One problem under one rule.
     *
     * @param samples each started sample's canonical answer (null: none) and tokens, in sample-index order
     */
    public record ProblemRun(String id, String answer, Boolean correct, long tokens, double seconds, int finished,
            String stopReason, List<SampleRun> samples) {

        public ProblemRun {
            samples = List.copyOf(samples);
        }
    }

    /** One sample of a problem: its canonical answer (null: none), its tokens, and its trace confidence under a confidence rule. */
    public record SampleRun(String answer, int tokens, Double confidence) {

        public SampleRun(String answer, int tokens) {
            this(answer, tokens, null);
        }
    }

    /** Samples whose trace confidence falls in one decile of a run's, and how many of them are right. */
    public record ConfidenceDecile(int decile, double from, double to, int samples, double accuracy) {}

    /**
     * What a vote of the first {@code n} samples buys, from a fixed-N run (no early stop).
     *
     * @param majAtN share of problems whose vote over samples 0..n-1 (index order; a tie goes to the answer
     *     of the lowest index, as a vote's tie goes to the first answer) is right
     * @param passAt1 mean over problems of the share of all samples that are right (the same for every n)
     * @param tokensPerProblem mean tokens of samples 0..n-1 together
     */
    public record VoteSize(int n, double majAtN, double passAt1, double tokensPerProblem) {}

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
                    Boolean correct = item.gold() == null ? null : r.checker().matches(r.checker().gold(item.gold()), res.answer());
                    progress.accept(spec + " " + item.id());
                    return new ProblemRun(item.id(), res.answer(), correct, res.tokens(), res.seconds(), res.finished(),
                            res.stopReason(), res.samples().stream().map(x -> new SampleRun(x.answer(), x.tokens(), x.confidence())).toList());
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

    /**
     * Whether the model's confidence carries a signal: every sample of a run that has a trace
     * confidence, a gold answer and an answer, split into ten deciles by confidence (lowest first), with
     * the share of each that is right.
     */
    public static List<ConfidenceDecile> confidenceDeciles(RuleRun run, List<Item> items, AnswerChecker checker) {
        Map<String, String> golds = new HashMap<>();
        items.forEach(i -> golds.put(i.id(), i.gold()));
        List<double[]> scored = new ArrayList<>(); // {confidence, right}
        for (ProblemRun p : run.perProblem()) {
            Optional<String> gold = checker.gold(golds.get(p.id()));
            for (SampleRun x : p.samples()) {
                if (gold.isPresent() && x.confidence() != null && x.answer() != null) {
                    scored.add(new double[] {x.confidence(), checker.matches(gold, x.answer()) ? 1 : 0});
                }
            }
        }
        scored.sort((a, b) -> Double.compare(a[0], b[0]));
        List<ConfidenceDecile> out = new ArrayList<>();
        int n = scored.size();
        for (int d = 0; d < 10 && n >= 10; d++) {
            List<double[]> part = scored.subList(d * n / 10, (d + 1) * n / 10);
            out.add(new ConfidenceDecile(d + 1, part.get(0)[0], part.get(part.size() - 1)[0], part.size(),
                    part.stream().mapToDouble(x -> x[1]).average().orElse(0)));
        }
        return out;
    }

    /**
     * maj@n and pass@1 for each vote size, from a run where every problem's samples all finished (rule
     * "none"); problems without a gold answer are left out.
     *
     * @throws IllegalArgumentException when a size exceeds a problem's samples
     */
    public static List<VoteSize> voteSizes(RuleRun fixed, List<Item> items, AnswerChecker checker, List<Integer> sizes) {
        Map<String, String> golds = new HashMap<>();
        items.forEach(i -> golds.put(i.id(), i.gold()));
        List<VoteSize> out = new ArrayList<>();
        // per problem, once: its canonical gold and the share of all its samples that are right (pass@1)
        Map<String, Optional<String>> canonicalGolds = new HashMap<>();
        Map<String, Double> passes = new HashMap<>();
        for (ProblemRun p : fixed.perProblem()) {
            Optional<String> gold = checker.gold(golds.get(p.id()));
            canonicalGolds.put(p.id(), gold);
            passes.put(p.id(), p.samples().stream().filter(x -> checker.matches(gold, x.answer())).count()
                    / (double) p.samples().size());
        }
        for (int n : sizes) {
            int problems = 0;
            int right = 0;
            double pass = 0;
            long tokens = 0;
            for (ProblemRun p : fixed.perProblem()) {
                Optional<String> gold = canonicalGolds.get(p.id());
                if (gold.isEmpty()) {
                    continue;
                }
                if (n < 1 || n > p.samples().size()) {
                    throw new IllegalArgumentException("vote size " + n + ": problem " + p.id() + " has "
                            + p.samples().size() + " samples");
                }
                Vote vote = new Vote(checker::same);
                for (SampleRun x : p.samples().subList(0, n)) {
                    vote.add(Optional.ofNullable(x.answer()));
                    tokens += x.tokens();
                }
                problems++;
                right += checker.matches(gold, vote.leader().orElse(null)) ? 1 : 0;
                pass += passes.get(p.id());
            }
            out.add(new VoteSize(n, problems == 0 ? 0 : right / (double) problems, problems == 0 ? 0 : pass / problems,
                    problems == 0 ? 0 : tokens / (double) problems));
        }
        return out;
    }
}
