package ai.fastmath.training.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The summary table of a generated curriculum: per split and family (and for the whole split), the
 * number of examples and the mean generation length in characters and in tokens.
 */
public final class CurriculumStats {

    /** One row; the means are NaN for a split without generations (GRPO). */
    public record Row(String split, String family, int count, double meanChars, double meanTokens) {}

    private CurriculumStats() {}

    public static List<Row> rows(Curriculum.Splits splits, List<String> families, ToIntFunction<String> tokens) {
        List<Row> rows = new ArrayList<>();
        add(rows, "train", splits.train(), families, tokens);
        add(rows, "val", splits.val(), families, tokens);
        add(rows, "test", splits.test(), families, tokens);
        add(rows, "grpo", splits.grpo(), families, tokens);
        return rows;
    }

    private static void add(List<Row> rows, String split, List<Example> examples, List<String> families,
            ToIntFunction<String> tokens) {
        for (String family : families) {
            rows.add(row(split, family, examples.stream().filter(e -> e.family().equals(family)).toList(), tokens));
        }
        rows.add(row(split, "all", examples, tokens));
    }

    private static Row row(String split, String family, List<Example> examples, ToIntFunction<String> tokens) {
        long chars = 0;
        long toks = 0;
        int traced = 0;
        for (Example e : examples) {
            if (e.generation() != null) {
                traced++;
                chars += e.generation().length();
                toks += tokens.applyAsInt(e.generation());
            }
        }
        return new Row(split, family, examples.size(), traced == 0 ? Double.NaN : (double) chars / traced,
                traced == 0 ? Double.NaN : (double) toks / traced);
    }

    /** The rows as an aligned text table. */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder(Pick.format("%-6s %-15s %7s %10s %11s%n", "split", "family", "count",
                "mean chars", "mean tokens"));
        for (Row r : rows) {
            b.append(Pick.format("%-6s %-15s %7d %10s %11s%n", r.split(), r.family(), r.count(), mean(r.meanChars()),
                    mean(r.meanTokens())));
        }
        return b.toString();
    }

    private static String mean(double v) {
        return Double.isNaN(v) ? "-" : Pick.format("%.1f", v);
    }
}
