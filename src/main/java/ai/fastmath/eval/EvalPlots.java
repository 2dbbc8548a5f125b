package ai.fastmath.eval;

import ai.fastmath.io.Charts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The evaluation's plots: {@code per_problem.png} (time against its budget, and tokens, per problem in
 * serving order) and {@code accuracy_vs_time.png} (the score so far against cumulative time).
 */
final class EvalPlots {

    private EvalPlots() {}

    static void write(Path dir, List<ProblemResult> rows, double limitS) {
        List<ProblemResult> reached = rows.stream().filter(ProblemResult::reached)
                .sorted(Comparator.comparingInt(ProblemResult::position)).toList();
        int n = reached.size();
        double[] pos = new double[n];
        double[] seconds = new double[n];
        double[] budget = new double[n];
        double[] tokens = new double[n];
        for (int i = 0; i < n; i++) {
            pos[i] = reached.get(i).position() + 1;
            seconds[i] = reached.get(i).seconds();
            budget[i] = reached.get(i).budgetS();
            tokens[i] = reached.get(i).tokens();
        }
        Charts.write(dir.resolve("per_problem.png"), "Per problem (serving order)", "problem", List.of(
                new Charts.Panel("seconds", List.of(new Charts.Series("time used", pos, seconds),
                        new Charts.Series("time budget", pos, budget))),
                new Charts.Panel("tokens", List.of(new Charts.Series("generated tokens", pos, tokens)))));

        boolean graded = rows.stream().anyMatch(r -> r.gold() != null);
        double[] t = new double[n + 1];
        double[] score = new double[n + 1];
        double[] done = new double[n + 1];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            t[i + 1] = t[i] + seconds[i];
            correct += Boolean.TRUE.equals(reached.get(i).correct()) ? 1 : 0;
            score[i + 1] = correct / (double) rows.size();
            done[i + 1] = (i + 1) / (double) rows.size();
        }
        List<Charts.Series> series = new ArrayList<>();
        if (graded) {
            series.add(new Charts.Series("accuracy (correct / all problems)", t, score));
        }
        series.add(new Charts.Series("problems answered / all", t, done));
        series.add(new Charts.Series("time limit", new double[] {limitS, limitS}, new double[] {0, 1}));
        Charts.write(dir.resolve("accuracy_vs_time.png"), "Accuracy against cumulative time", "seconds spent on problems",
                List.of(new Charts.Panel("share of problems", series)));
    }
}
