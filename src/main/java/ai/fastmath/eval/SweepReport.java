package ai.fastmath.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a sweep as {@code sweep.md} (the paper's table shape), {@code sweep.json} and {@code sweep.png}. */
public final class SweepReport {

    private SweepReport() {}

    /** The Markdown table: one row per budget, pass@1 and mean output tokens per model. */
    public static String markdown(List<Sweep.Point> points) {
        Map<String, Map<Integer, Sweep.Point>> byModel = byModel(points);
        List<Integer> budgets = points.stream().map(Sweep.Point::budget).distinct().sorted().toList();
        StringBuilder md = new StringBuilder("| token budget |");
        StringBuilder rule = new StringBuilder("|---:|");
        for (String m : byModel.keySet()) {
            md.append(" ").append(m).append(" pass@1 | ").append(m).append(" maj@k | ").append(m).append(" mean tokens |");
            rule.append("---:|---:|---:|");
        }
        md.append('\n').append(rule).append('\n');
        for (int b : budgets) {
            md.append("| ").append(b).append(" |");
            for (Map<Integer, Sweep.Point> cells : byModel.values()) {
                Sweep.Point p = cells.get(b);
                md.append(p == null ? " - | - | - |"
                        : String.format(" %.1f%% | %.1f%% | %.0f |", 100 * p.passAt1(), 100 * p.majAtK(), p.meanOutputTokens()));
            }
            md.append('\n');
        }
        Sweep.Point any = points.get(0);
        md.append(String.format("%npass@1 averaged over k = %d samples per problem, %d problems.%n", any.k(), any.problems()));
        return md.toString();
    }

    public static void write(Path dir, List<Sweep.Point> points) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("sweep.md"), markdown(points), StandardCharsets.UTF_8);
            EvalFiles.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("sweep.json").toFile(), points);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sweep to " + dir + ": " + e.getMessage(), e);
        }
        List<Charts.Series> pass = new ArrayList<>();
        List<Charts.Series> tokens = new ArrayList<>();
        byModel(points).forEach((model, cells) -> {
            double[] x = cells.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            pass.add(new Charts.Series(model, x, cells.values().stream().mapToDouble(p -> 100 * p.passAt1()).toArray()));
            tokens.add(new Charts.Series(model, x, cells.values().stream().mapToDouble(Sweep.Point::meanOutputTokens).toArray()));
        });
        Charts.write(dir.resolve("sweep.png"), "pass@1 and output length by token budget", "token budget",
                List.of(new Charts.Panel("pass@1 (%)", pass), new Charts.Panel("mean output tokens", tokens)));
    }

    private static Map<String, Map<Integer, Sweep.Point>> byModel(List<Sweep.Point> points) {
        Map<String, Map<Integer, Sweep.Point>> byModel = new LinkedHashMap<>();
        for (Sweep.Point p : points) {
            byModel.computeIfAbsent(p.model(), m -> new java.util.TreeMap<>()).put(p.budget(), p);
        }
        return byModel;
    }
}
