package ai.fastmath.api.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Prometheus text exposition format as {@code /q/metrics} writes it, read back: the one parser
 * for the load benchmark's probe and the tests. A sample line is {@code name{label="value",...} value
 * [timestamp]}; {@code # TYPE name kind} gives a family's kind; other comments are skipped. Label
 * values may hold escaped quotes, backslashes and newlines. A value that is not a number ({@code NaN},
 * {@code +Inf}) is kept as the double it names.
 */
public final class PrometheusText {

    /** One sample: the metric's name, its labels in order, its value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = List.copyOf(samples);
        this.types = Map.copyOf(types);
    }

    /**
     * @throws IllegalArgumentException for a line that is not a sample, naming the line
     */
    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith("#")) {
                String[] f = l.split("\\s+");
                if (f.length >= 4 && f[1].equals("TYPE")) {
                    types.put(f[2], f[3]);
                }
                continue;
            }
            samples.add(sample(l, number));
        }
        return new PrometheusText(samples, types);
    }

    private static Sample sample(String line, int number) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (i < line.length() && line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    throw bad(line, number);
                }
                String label = line.substring(i, eq).strip();
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; j < line.length() && line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\' && j + 1 < line.length()) {
                        char e = line.charAt(++j);
                        value.append(e == 'n' ? '\n' : e);
                    } else {
                        value.append(c);
                    }
                }
                if (j >= line.length()) {
                    throw bad(line, number);
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                }
            }
            if (i >= line.length()) {
                throw bad(line, number);
            }
            i++;
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (name.isEmpty() || rest.length < 1 || rest[0].isEmpty()) {
            throw bad(line, number);
        }
        try {
            return new Sample(name, labels, value(rest[0]));
        } catch (NumberFormatException e) {
            throw bad(line, number);
        }
    }

    private static double value(String v) {
        return switch (v) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    private static IllegalArgumentException bad(String line, int number) {
        return new IllegalArgumentException("not a Prometheus sample at line " + number + ": " + line);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The kind a {@code # TYPE} line gives the family (counter, gauge, histogram, summary, ...). */
    public Optional<String> type(String family) {
        return Optional.ofNullable(types.get(family));
    }

    /** The sum of the samples of this name whose labels include all of {@code labels} (NaN values skipped). */
    public double sum(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).filter(v -> !Double.isNaN(v)).sum();
    }

    /** The sum of the samples of this name over all their labels. */
    public double sum(String name) {
        return sum(name, Map.of());
    }
}
