package ai.fastmath.cli;

import ai.fastmath.solve.AnswerChecker;
import ai.fastmath.solve.AnswerExtractor;
import ai.fastmath.solve.SymbolicEquality;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench grade}: how fast {@code grade}'s checker (extraction {@code any}, exact path first, the
 * CAS where forms differ) goes through typical lines, and what each way of deciding costs.
 */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Grades N generated lines of the kinds an evaluation writes (integers right and wrong, fractions and",
                "decimals, whole solutions with \\boxed{}, prose around LaTeX, roots and pi, expressions, sets and tuples),",
                "all distinct, on one thread; prints lines/s and the time by method."})
public class BenchGradeCommand implements Runnable {

    /** One way of deciding: how many lines it decided and the milliseconds they took. */
    public record MethodRow(String method, int lines, int correct, double totalMillis, double meanMillis, double maxMillis) {}

    /** The whole run. */
    public record Result(int lines, double seconds, double linesPerSecond, long casComparisons, long casTimeouts,
            double casStartSeconds, List<MethodRow> methods, String mix) {}

    @Spec
    CommandSpec spec;

    @Option(names = "--lines", defaultValue = "10000", description = "Lines to grade (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated lines (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Write the results as JSON to this file.")
    Path json;

    static final String MIX = "per 100 lines: 55 integers (half right), 10 fractions/decimals, 10 whole solutions with \\boxed{},"
            + " 8 prose around LaTeX, 10 roots/pi/expressions (CAS), 7 sets/tuples";

    @Override
    public void run() {
        if (lines < 1) {
            throw new IllegalArgumentException("--lines must be at least 1, got " + lines);
        }
        AnswerChecker checker = new AnswerChecker(AnswerExtractor.boxed(), AnswerChecker.Mode.EXACT,
                AnswerExtractor.Extraction.ANY, SymbolicEquality.shared());
        SymbolicEquality cas = SymbolicEquality.shared();
        long s0 = System.nanoTime();
        cas.compare("1", "1"); // Symja starts once per process (about a second): reported apart
        double startSeconds = (System.nanoTime() - s0) / 1e9;
        long comparisons0 = cas.comparisons();
        long timeouts0 = cas.timeouts();
        List<String[]> input = generate(lines, new Random(seed));
        Map<AnswerChecker.Method, double[]> by = new EnumMap<>(AnswerChecker.Method.class); // lines, correct, ms, max
        long t0 = System.nanoTime();
        try (ProgressBar bar = ProgressBars.of("grade", lines)) {
            for (String[] line : input) {
                long l0 = System.nanoTime();
                AnswerChecker.Verdict v = checker.grade(line[0], line[1]);
                double ms = (System.nanoTime() - l0) / 1e6;
                double[] m = by.computeIfAbsent(v.method(), k -> new double[4]);
                m[0]++;
                m[1] += v.correct() ? 1 : 0;
                m[2] += ms;
                m[3] = Math.max(m[3], ms);
                bar.step();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<MethodRow> rows = new ArrayList<>();
        by.forEach((method, m) -> rows.add(new MethodRow(method.wireName(), (int) m[0], (int) m[1], m[2], m[2] / m[0], m[3])));
        Result r = new Result(lines, seconds, lines / seconds, cas.comparisons() - comparisons0, cas.timeouts() - timeouts0,
                startSeconds, rows, MIX);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%,d lines in %.2f s: %,.0f lines/s (CAS start %.2f s, not counted); %,d CAS comparisons, %d timeouts%n",
                r.lines(), r.seconds(), r.linesPerSecond(), r.casStartSeconds(), r.casComparisons(), r.casTimeouts());
        out.printf("%-11s %7s %8s %10s %9s %9s%n", "method", "lines", "correct", "total ms", "mean ms", "max ms");
        for (MethodRow row : rows) {
            out.printf("%-11s %7d %8d %10.1f %9.3f %9.1f%n", row.method(), row.lines(), row.correct(), row.totalMillis(),
                    row.meanMillis(), row.maxMillis());
        }
        out.flush();
        if (json != null) {
            JsonFiles.write(json, r);
        }
    }

    /** {@code n} distinct gold/prediction pairs in the mix of {@link #MIX}. */
    static List<String[]> generate(int n, Random r) {
        List<String[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = i % 100;
            int a = 1 + r.nextInt(100_000);
            int b = 2 + r.nextInt(97);
            boolean right = r.nextBoolean();
            int p = right ? a : a + 1 + r.nextInt(9);
            String[] line;
            if (kind < 55) {
                line = new String[] {Integer.toString(a), Integer.toString(p)};
            } else if (kind < 65) {
                line = new String[] {"\\frac{" + a + "}{" + b + "}", right ? (2 * a) + "/" + (2 * b) : p + "/" + b};
            } else if (kind < 75) {
                line = new String[] {Integer.toString(a), solution(r, p)};
            } else if (kind < 83) {
                line = new String[] {Integer.toString(a), "So the total is $" + p + "$ and we are done."};
            } else if (kind < 93) {
                int k = 2 + r.nextInt(5);
                int c = 1 + r.nextInt(30);
                line = switch (kind % 3) {
                    case 0 -> new String[] {c + "\\sqrt{" + k + "}", "\\sqrt{" + (right ? c * c * k : c * c * k + 1) + "}"};
                    case 1 -> new String[] {"\\frac{" + c + "\\pi}{" + b + "}", "\\frac{" + (right ? c : c + 1) + "}{" + b + "}\\pi"};
                    default -> new String[] {c + "x + " + b, b + " + " + (right ? c : c + 1) + "x"};
                };
            } else {
                line = kind % 2 == 0
                        ? new String[] {"\\{" + a + ", " + b + "\\}", "\\{" + b + ", " + p + "\\}"}
                        : new String[] {"(" + a + ", " + b + ")", right ? "(" + a + ", " + b + ")" : "(" + b + ", " + a + ")"};
            }
            out.add(line);
        }
        return out;
    }

    /** A model's solution of about a kilobyte that boxes {@code answer} at the end. */
    private static String solution(Random r, int answer) {
        StringBuilder s = new StringBuilder("<think>\n");
        for (int i = 0; i < 12; i++) {
            int x = r.nextInt(1000);
            int y = r.nextInt(1000);
            s.append("Step ").append(i + 1).append(": ").append(x).append(" + ").append(y).append(" = ").append(x + y)
                    .append(", carry on with the next column.\n");
        }
        return s.append("</think>\nThe answer is \\boxed{").append(answer).append("}.").toString();
    }
}
