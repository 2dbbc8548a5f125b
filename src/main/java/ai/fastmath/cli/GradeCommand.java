package ai.fastmath.cli;

import ai.fastmath.solve.AnswerChecker;
import ai.fastmath.solve.AnswerExtractor;
import ai.fastmath.solve.AnswerNormalizer;
import ai.fastmath.solve.SymbolicEquality;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code grade}: predictions against gold answers with the project's one checker
 * ({@link AnswerChecker#grade}). Every input line gives exactly one output line, so output line N is
 * about input line N (a blank line is reported as an error rather than skipped); a bad line is
 * reported and grading goes on; a summary line comes last.
 */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Grade predictions against gold answers, one JSON object per line: {\"gold\": ..., \"pred\": ...}",
                "(strings or numbers; pred is a raw model output with \\boxed{} or an extracted answer).",
                "Writes {\"correct\": ..., \"gold\": ..., \"pred_answer\": ..., \"method\": exact|numeric|symbolic|timeout|unparsable}",
                "or {\"error\": ...} per input line, then",
                "{\"summary\": {\"lines\", \"graded\", \"correct\", \"errors\", \"accuracy\"}}."})
public class GradeCommand implements Runnable {

    /** A graded line: the verdict and both canonical answers ({@code predAnswer} null: no answer). */
    record Graded(boolean correct, String gold, String predAnswer, String method) {}

    /** A line that could not be graded, with its line number in the message. */
    record Failed(String error) {}

    /** Lines read (blank ones included) = graded + errors; accuracy = correct / graded, null if none. */
    record Summary(int lines, int graded, int correct, int errors, Double accuracy) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "JSONL input.")
    Path in;

    @Option(names = "--out", paramLabel = "FILE", description = "JSONL output (default: standard output).")
    Path out;

    @Option(names = "--mode", defaultValue = "exact",
            description = "exact (canonical forms equal) or aimo (integers mod 1000) (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--fallback", defaultValue = "none",
            description = "Without a \\boxed{}: none (the whole pred is the answer) or last_number (the last number"
                    + " in it, unless the whole pred is a number) (default: ${DEFAULT-VALUE}).")
    String fallback;

    @Option(names = "--extract", defaultValue = "any",
            description = "Where the answer of a pred without \\boxed{} is: boxed (the whole pred), latex (the last LaTeX"
                    + " environment, else the whole pred when it is a formula, else the last number), any (as latex, else"
                    + " the whole pred) (default: ${DEFAULT-VALUE}).")
    String extract;

    @Override
    public void run() {
        AnswerChecker checker = new AnswerChecker(new AnswerExtractor(fallback(fallback)), mode(mode), extraction(extract),
                SymbolicEquality.shared());
        if (!Files.isRegularFile(in)) {
            throw new IllegalArgumentException("grade: no such file " + in);
        }
        try (Writer file = out == null ? null : open(out)) {
            gradeFile(checker, file != null ? file : spec.commandLine().getOut());
        } catch (IOException e) {
            throw new UncheckedIOException("grade: " + e.getMessage(), e);
        }
    }

    private void gradeFile(AnswerChecker checker, Writer w) throws IOException {
        // malformed UTF-8 becomes U+FFFD: a bad byte spoils its line at most, never the run
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(in), StandardCharsets.UTF_8))) {
            int lines = 0;
            int graded = 0;
            int correct = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                lines++;
                Object result = gradeLine(checker, lines, lines == 1 ? line.replace("\uFEFF", "") : line);
                if (result instanceof Graded g) {
                    graded++;
                    correct += g.correct() ? 1 : 0;
                }
                w.write(JsonFiles.line(result) + "\n");
            }
            Summary summary = new Summary(lines, graded, correct, lines - graded, graded == 0 ? null : (double) correct / graded);
            w.write(JsonFiles.line(Map.of("summary", summary)) + "\n");
            w.flush();
        }
    }

    /** One input line's result: a {@link Graded} or a {@link Failed}. */
    static Object gradeLine(AnswerChecker checker, int n, String line) {
        if (line.isBlank()) {
            return new Failed("line " + n + ": blank line");
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return new Failed("line " + n + ": invalid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            return new Failed("line " + n + ": expected a JSON object, got " + kind(node));
        }
        String problem = fieldProblem(node, "gold");
        problem = problem != null ? problem : fieldProblem(node, "pred");
        if (problem != null) {
            return new Failed("line " + n + ": " + problem);
        }
        String gold = text(node.get("gold"));
        AnswerChecker.Verdict v = checker.grade(gold, text(node.get("pred")));
        if (v.goldAnswer() == null) {
            return new Failed("line " + n + ": gold " + JsonFiles.line(gold) + " has no answer in "
                    + checker.mode().name().toLowerCase(Locale.ROOT) + " mode");
        }
        return new Graded(v.correct(), v.goldAnswer(), v.predAnswer(), v.method().wireName());
    }

    /** What is wrong with a gold or pred field, or null when it is a string or a number. */
    private static String fieldProblem(JsonNode node, String name) {
        JsonNode f = node.get(name);
        if (f == null) {
            return "missing \"" + name + "\"";
        }
        if (f.isNull()) {
            return "\"" + name + "\" is null";
        }
        if (f.isNumber() && digits(f) > AnswerNormalizer.MAX_NUMBER_LENGTH) {
            // 1e999999999 is a short line but a billion digits written out (text() writes plain decimal)
            return "\"" + name + "\" has more than " + AnswerNormalizer.MAX_NUMBER_LENGTH + " digits: " + f.decimalValue();
        }
        return f.isTextual() || f.isNumber() ? null : "\"" + name + "\" must be a string or a number, got " + kind(f);
    }

    /** Digits of a number written in plain decimal, about. */
    private static long digits(JsonNode number) {
        BigDecimal d = number.decimalValue();
        return d.precision() + Math.abs((long) d.scale());
    }

    /** A string as it is; a number as written in plain decimal ({@code 1e3} is {@code 1000}). */
    private static String text(JsonNode f) {
        if (f.isTextual()) {
            return f.textValue();
        }
        return f.isIntegralNumber() ? f.bigIntegerValue().toString() : f.decimalValue().toPlainString();
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static AnswerChecker.Mode mode(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "exact" -> AnswerChecker.Mode.EXACT;
            case "aimo" -> AnswerChecker.Mode.AIMO;
            default -> throw new IllegalArgumentException("--mode must be exact or aimo, got '" + s + "'");
        };
    }

    private static AnswerExtractor.Extraction extraction(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "boxed" -> AnswerExtractor.Extraction.BOXED;
            case "latex" -> AnswerExtractor.Extraction.LATEX;
            case "any" -> AnswerExtractor.Extraction.ANY;
            default -> throw new IllegalArgumentException("--extract must be boxed, latex or any, got '" + s + "'");
        };
    }

    /** {@code --fallback}'s value, for every command that takes one. */
    static AnswerExtractor.Fallback fallback(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "none" -> AnswerExtractor.Fallback.NONE;
            case "last_number" -> AnswerExtractor.Fallback.LAST_NUMBER;
            default -> throw new IllegalArgumentException("--fallback must be none or last_number, got '" + s + "'");
        };
    }

    private static Writer open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("grade: cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
