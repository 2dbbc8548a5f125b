package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fastmath grade} through picocli (no CDI needed): every line's result and the summary. */
class GradeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final Cli cli = new Cli();
    private final StringWriter stdout = cli.out;
    private final StringWriter stderr = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    private Path input(String... lines) throws Exception {
        Path f = tmp.resolve("in.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    private static List<JsonNode> parse(String jsonl) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void gradesGoodLinesReportsBadOnesAndSummarises() throws Exception {
        Path in = input(
                "{\"gold\": \"1/2\", \"pred\": \"so \\\\boxed{\\\\dfrac{2}{4}}\"}",
                "{\"gold\": 42, \"pred\": \"\\\\boxed{41}\"}",
                "{\"gold\": 0.5, \"pred\": \"\\\\boxed{12\"}",
                "{\"gold\": \"7\", \"pred\": 7.0, \"id\": \"p4\"}",
                "{\"gold\": \"3\", \"pred\": ",
                "{\"gold\": \"3\"}",
                "{\"gold\": \"3\", \"pred\": [\"3\"]}",
                "",
                "{\"gold\": null, \"pred\": \"3\"}",
                "[1, 2]",
                "{\"gold\": \"\", \"pred\": \"3\"}",
                "{\"gold\": \"1000\", \"pred\": \"x = 1{,}000\"}");
        Path out = tmp.resolve("sub/graded.jsonl");
        assertEquals(0, run("grade", "--in", in.toString(), "--out", out.toString()), stderr.toString());
        assertEquals("", stdout.toString(), "with --out nothing goes to stdout");
        List<JsonNode> lines = parse(Files.readString(out));
        assertEquals(13, lines.size(), "one line per input line, then the summary");

        assertGraded(lines.get(0), true, "1/2", "1/2");
        assertGraded(lines.get(1), false, "42", "41");
        assertGraded(lines.get(2), false, "1/2", null);
        assertTrue(lines.get(2).has("pred_answer") && lines.get(2).get("pred_answer").isNull(), "pred_answer: null is written");
        assertGraded(lines.get(3), true, "7", "7");
        assertError(lines.get(4), "line 5: invalid JSON");
        assertError(lines.get(5), "line 6: missing \"pred\"");
        assertError(lines.get(6), "line 7: \"pred\" must be a string or a number, got array");
        assertError(lines.get(7), "line 8: blank line");
        assertError(lines.get(8), "line 9: \"gold\" is null");
        assertError(lines.get(9), "line 10: expected a JSON object, got array");
        assertError(lines.get(10), "line 11: gold \"\" has no answer in exact mode");
        assertGraded(lines.get(11), true, "1000", "1000");

        JsonNode summary = lines.get(12).get("summary");
        assertEquals(12, summary.get("lines").asInt());
        assertEquals(5, summary.get("graded").asInt());
        assertEquals(3, summary.get("correct").asInt());
        assertEquals(7, summary.get("errors").asInt());
        assertEquals(0.6, summary.get("accuracy").asDouble(), 1e-12);
    }

    @Test
    void aimoModeAndTheLastNumberFallbackGoToStdout() throws Exception {
        Path in = input(
                "{\"gold\": \"25\", \"pred\": \"so 2025 in all, mod 1000 is 25\"}",
                "{\"gold\": 0, \"pred\": \"\\\\boxed{1000}\"}",
                "{\"gold\": \"0.5\", \"pred\": \"0.5\"}");
        assertEquals(0, run("grade", "--in", in.toString(), "--mode", "AIMO", "--fallback", "last_number"), stderr.toString());
        List<JsonNode> lines = parse(stdout.toString());
        assertEquals(4, lines.size());
        assertGraded(lines.get(0), true, "25", "25");
        assertGraded(lines.get(1), true, "0", "0");
        assertError(lines.get(2), "line 3: gold \"0.5\" has no answer in aimo mode");
        JsonNode summary = lines.get(3).get("summary");
        assertEquals(1.0, summary.get("accuracy").asDouble());
        assertEquals(1, summary.get("errors").asInt());
    }

    @Test
    void withBoxedExtractionAWholeSentenceIsTheAnswer() throws Exception {
        Path in = input("{\"gold\": \"25\", \"pred\": \"the answer is 25\"}");
        assertEquals(0, run("grade", "--in", in.toString(), "--extract", "boxed"), stderr.toString());
        JsonNode line = parse(stdout.toString()).get(0);
        assertGraded(line, false, "25", "theansweris25");
        assertEquals("unparsable", line.get("method").asText(), "prose is no formula");
    }

    /** By default (--extract any) prose around an answer is read as Math-Verify reads it, and each line says how it was decided. */
    @Test
    void byDefaultTheAnswerIsFoundInProseAndTheMethodIsReported() throws Exception {
        Path in = input("{\"gold\": \"25\", \"pred\": \"the answer is 25\"}",
                "{\"gold\": \"7\", \"pred\": \"The result is $ 7 $, not 8\"}",
                "{\"gold\": \"2\\\\sqrt{2}\", \"pred\": \"\\\\boxed{\\\\sqrt{8}}\"}",
                "{\"gold\": \"\\\\frac{1}{3}\", \"pred\": \"0.33\"}",
                "{\"gold\": \"(1, 2)\", \"pred\": \"(1, 2)\"}");
        assertEquals(0, run("grade", "--in", in.toString()), stderr.toString());
        List<JsonNode> lines = parse(stdout.toString());
        assertGraded(lines.get(0), true, "25", "25");
        assertGraded(lines.get(1), true, "7", "7");
        assertGraded(lines.get(2), true, "2\\sqrt{2}", "\\sqrt{8}");
        assertGraded(lines.get(3), false, "1/3", "33/100");
        assertEquals(List.of("numeric", "numeric", "symbolic", "numeric", "exact"),
                lines.subList(0, 5).stream().map(l -> l.get("method").asText()).toList());
    }

    @Test
    void anEmptyFileHasNoAccuracy() throws Exception {
        Path in = tmp.resolve("empty.jsonl");
        Files.writeString(in, "");
        assertEquals(0, run("grade", "--in", in.toString()), stderr.toString());
        JsonNode summary = parse(stdout.toString()).get(0).get("summary");
        assertEquals(0, summary.get("lines").asInt());
        assertTrue(summary.get("accuracy").isNull());
    }

    @Test
    void aMissingFileOrABadOptionIsOneClearError() throws Exception {
        assertEquals(1, run("grade", "--in", tmp.resolve("nope.jsonl").toString()));
        assertTrue(stderr.toString().startsWith("error: grade: no such file "), stderr.toString());
        assertTrue(stderr.toString().contains("nope.jsonl"), stderr.toString());
        assertFalse(stderr.toString().contains("Exception"), "no stack trace");

        stderr.getBuffer().setLength(0);
        Path in = input("{\"gold\": \"1\", \"pred\": \"1\"}");
        assertEquals(1, run("grade", "--in", in.toString(), "--mode", "fuzzy"));
        assertTrue(stderr.toString().contains("error: --mode must be exact or aimo, got 'fuzzy'"), stderr.toString());
        assertEquals(1, run("grade", "--in", in.toString(), "--fallback", "first"));
        assertTrue(stderr.toString().contains("error: --fallback must be none or last_number"), stderr.toString());
        assertEquals(2, run("grade"), "--in is required: a usage error");
    }

    private static void assertGraded(JsonNode line, boolean correct, String gold, String predAnswer) {
        assertEquals(List.of("correct", "gold", "pred_answer", "method"), fieldNames(line), line.toString());
        assertEquals(correct, line.get("correct").asBoolean(), line.toString());
        assertEquals(gold, line.get("gold").asText(), line.toString());
        assertEquals(predAnswer, line.get("pred_answer").isNull() ? null : line.get("pred_answer").asText(), line.toString());
    }

    private static void assertError(JsonNode line, String startsWith) {
        assertEquals(List.of("error"), fieldNames(line), line.toString());
        assertTrue(line.get("error").asText().startsWith(startsWith), line.toString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
