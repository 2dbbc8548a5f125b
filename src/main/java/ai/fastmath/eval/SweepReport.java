package ai.fastmath.eval;

import ai.fastmath.io.Charts;
import ai.fastmath.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a sweep as {@code sweep.md} (the paper's table shape), {@code sweep.json}, {@code sweep.png} and
 * {@code problems.jsonl} (one line per model, budget and problem).
 */
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
        points.stream().filter(p -> p.boxedInThinkShare() != null).forEach(p -> md.append(String.format(
                "%s at %d tokens: %.1f%% of samples box their answer before </think>.%n", p.model(), p.budget(),
                100 * p.boxedInThinkShare())));
        points.stream().filter(p -> !p.cells().isEmpty()).forEach(p -> md.append('\n').append(cells(p)));
        return md.toString();
    }

    /** A family x level table of one model at one budget: pass@1 / maj@k in each cell, then each family's problems. */
    static String cells(Sweep.Point p) {
        List<Integer> levels = p.cells().stream().map(Sweep.Cell::level).distinct().sorted().toList();
        Map<String, Map<Integer, Sweep.Cell>> byFamily = new java.util.TreeMap<>();
        p.cells().forEach(c -> byFamily.computeIfAbsent(c.family(), f -> new java.util.TreeMap<>()).put(c.level(), c));
        StringBuilder md = new StringBuilder(String.format("%s at %d tokens, pass@1 / maj@%d by family and level:%n%n| family |",
                p.model(), p.budget(), p.k()));
        StringBuilder rule = new StringBuilder("|---|");
        for (int level : levels) {
            md.append(" level ").append(level).append(" |");
            rule.append("---:|");
        }
        md.append('\n').append(rule).append('\n');
        byFamily.forEach((family, row) -> {
            md.append("| ").append(family).append(" |");
            for (int level : levels) {
                Sweep.Cell c = row.get(level);
                md.append(c == null ? " - |" : String.format(" %.1f%% / %.1f%% |", 100 * c.passAt1(), 100 * c.majAtK()));
            }
            md.append('\n');
        });
        md.append("| all |");
        for (int level : levels) {
            List<Sweep.Cell> at = p.cells().stream().filter(c -> c.level() == level).toList();
            int n = at.stream().mapToInt(Sweep.Cell::problems).sum();
            double pass = at.stream().mapToDouble(c -> c.passAt1() * c.problems()).sum() / n;
            double maj = at.stream().mapToDouble(c -> c.majAtK() * c.problems()).sum() / n;
            md.append(String.format(" %.1f%% / %.1f%% |", 100 * pass, 100 * maj));
        }
        return md.append('\n').toString();
    }

    public static void write(Path dir, List<Sweep.Point> points) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("sweep.md"), markdown(points), StandardCharsets.UTF_8);
            Json.PRETTY.writeValue(dir.resolve("sweep.json").toFile(), points);
            StringBuilder lines = new StringBuilder();
            for (Sweep.Point p : points) {
                for (Sweep.Score s : p.scores()) {
                    lines.append(Json.MAPPER.writeValueAsString(s)).append('\n');
                }
            }
            Files.writeString(dir.resolve("problems.jsonl"), lines, StandardCharsets.UTF_8);
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
