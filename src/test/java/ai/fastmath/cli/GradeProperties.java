package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.Fuzz;
import ai.fastmath.FuzzJson;
import ai.fastmath.solve.AnswerChecker;
import ai.fastmath.solve.AnswerExtractor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fastmath grade} on arbitrary input lines: every line is graded or reported as an error naming
 * its line, quickly; the whole command on a file of random bytes writes one output line per input line.
 */
class GradeProperties {

    private static final long SEED = 20261128L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<AnswerChecker> CHECKERS = List.of(AnswerChecker.exact(), AnswerChecker.aimo(),
            new AnswerChecker(new AnswerExtractor(AnswerExtractor.Fallback.LAST_NUMBER), AnswerChecker.Mode.EXACT));

    @TempDir
    Path tmp;

    /** A gold or pred value: any JSON value, mostly a number or an answer-like string. */
    private static String field(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> FuzzJson.value(r, 2, List.of());
            case 1 -> FuzzJson.number(r);
            default -> FuzzJson.quote(Fuzz.glue(r, List.of("\\boxed{", "}", "1/2", "0.5", "42", " ", "x = ", "$", "\\frac{1}{2}",
                    "-", "1e3", "{", "\\text{cm}"), 8));
        };
    }

    static String line(Random r) {
        Map<String, Function<Random, String>> fields = new LinkedHashMap<>();
        fields.put("gold", GradeProperties::field);
        fields.put("pred", GradeProperties::field);
        return switch (r.nextInt(10)) {
            case 0 -> FuzzJson.value(r, 3, List.of());
            case 1 -> FuzzJson.pathological(r);
            case 2 -> new String(Fuzz.mutate(FuzzJson.object(r, fields, List.of("gold", "pred")).getBytes(StandardCharsets.UTF_8),
                    1 + r.nextInt(3), r), StandardCharsets.UTF_8);
            case 3, 4 -> { // a prediction that writes the gold in another form: the path where grading says correct
                String[] same = Fuzz.pick(r, new String[] {"42", "\\boxed{42}"}, new String[] {"0.5", "\\frac{1}{2}"},
                        new String[] {"1/2", "so x = \\boxed{0.5}"}, new String[] {"1000", "1e3"}, new String[] {"7", "$7$"},
                        new String[] {"3", "\\boxed{3} cm"});
                yield "{\"gold\": " + FuzzJson.quote(same[0]) + ", \"pred\": " + FuzzJson.quote(same[1]) + "}";
            }
            default -> FuzzJson.object(r, fields, r.nextBoolean() ? List.of("gold", "pred") : List.of());
        };
    }

    @Test
    void everyLineIsGradedOrNamedAsAnError() {
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, 3000, GradeProperties::line, line -> {
            for (AnswerChecker checker : CHECKERS) {
                Object result = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> GradeCommand.gradeLine(checker, 7, line));
                if (result instanceof GradeCommand.Failed f) {
                    assertTrue(f.error().startsWith("line 7: "), f.error());
                    paths.hit("error");
                } else {
                    GradeCommand.Graded g = assertInstanceOf(GradeCommand.Graded.class, result);
                    assertTrue(g.gold() != null && (g.correct() ? g.gold().equals(g.predAnswer()) : true), g.toString());
                    paths.hit(g.correct() ? "graded correct" : "graded wrong");
                }
            }
        });
        paths.atLeast("graded correct", 100);
        paths.atLeast("graded wrong", 500);
        paths.atLeast("error", 500);
    }

    /** Found by the property: a short number with a huge exponent was written out in full (1e999999999: 1 GB). */
    @Test
    void aHugeExponentIsAnErrorNotAGigabyteOfZeros() {
        for (String n : List.of("1e999999999", "-1e999999999", "1e-999999999", "5E+100001")) {
            Object result = assertTimeoutPreemptively(Duration.ofSeconds(2),
                    () -> GradeCommand.gradeLine(AnswerChecker.exact(), 1, "{\"gold\": " + n + ", \"pred\": \"1\"}"));
            GradeCommand.Failed f = assertInstanceOf(GradeCommand.Failed.class, result, n);
            assertTrue(f.error().startsWith("line 1: \"gold\" "), f.error());
        }
        Object pred = GradeCommand.gradeLine(AnswerChecker.exact(), 2, "{\"gold\": 3, \"pred\": 1e-999999999}");
        assertTrue(pred instanceof GradeCommand.Failed f && f.error().startsWith("line 2: \"pred\" "), pred.toString());
        GradeCommand.Graded ok = (GradeCommand.Graded) GradeCommand.gradeLine(AnswerChecker.exact(), 3, "{\"gold\": 1e3, \"pred\": 1000}");
        assertTrue(ok.correct());
    }

    @Test
    void aFileOfAnyBytesGivesOneOutputLinePerInputLine() throws Exception {
        Fuzz.forAll(SEED, 40, r -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int lines = 1 + r.nextInt(8);
            for (int i = 0; i < lines; i++) {
                byte[] l = line(r).replace('\n', ' ').replace('\r', ' ').getBytes(StandardCharsets.UTF_8);
                bytes.writeBytes(r.nextInt(4) == 0 ? Fuzz.mutate(l, 1, r) : l);
                bytes.writeBytes(r.nextInt(5) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
            }
            return bytes.toByteArray();
        }, input -> {
            try {
                Path in = Files.write(tmp.resolve("in.jsonl"), input);
                long expected = new String(input, StandardCharsets.UTF_8).lines().count();
                Cli cli = new Cli();
                int code = cli.run("grade", "--in", in.toString(), "--mode", "aimo");
                assertEquals(0, code, cli.err.toString());
                List<String> out = cli.out.toString().lines().toList();
                assertEquals(expected + 1, out.size(), "one line per input line, then the summary");
                for (String l : out) {
                    JsonNode n = JSON.readTree(l);
                    assertTrue(n.has("correct") || n.has("error") || n.has("summary"), l);
                }
                assertEquals(expected, JSON.readTree(out.get(out.size() - 1)).path("summary").path("lines").asLong());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
