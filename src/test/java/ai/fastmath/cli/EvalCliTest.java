package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.TestCheckpoints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval} and {@code eval sweep} as a user runs them. */
@QuarkusMainTest
class EvalCliTest {

    @TempDir
    static Path tmp;

    private static Path reference() throws Exception {
        return Path.of(EvalCliTest.class.getResource("/datasets/aimo2/reference.csv").toURI());
    }

    private static Set<String> ids(Path csv, String column) throws Exception {
        try (var reader = Files.newBufferedReader(csv)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).stream()
                    .map((CSVRecord r) -> r.get(column)).collect(Collectors.toSet());
        }
    }

    @Test
    void theAimo2ReferenceProblemsRunThroughTheWholeProtocol(QuarkusMainLauncher launcher) throws Exception {
        Path model = TestCheckpoints.tinyQwen(tmp.resolve("tiny"), 1);
        Path out = tmp.resolve("aimo2");
        LaunchResult r = launcher.launch("eval", "--problems", reference().toString(), "--time-limit", "20s",
                "--out", out.toString(), "--model", model.toString(), "--max-tokens", "48", "--device", "cpu");
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        assertTrue(r.getOutput().contains("wrote " + out), r.getOutput());
        Set<String> expected = ids(reference(), "id");
        assertEquals(10, expected.size());
        assertEquals(expected, ids(out.resolve("submission.csv"), "id"), "a valid submission with every id");
        try (var reader = Files.newBufferedReader(out.resolve("submission.csv"))) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                int answer = Integer.parseInt(row.get("answer"));
                assertTrue(answer >= 0 && answer <= 999, "an AIMO answer: " + answer);
            }
        }
        List<String> results = Files.readAllLines(out.resolve("results.jsonl"));
        assertEquals(10, results.size());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(10, summary.get("problems").asInt());
        assertTrue(summary.get("accuracy").isNumber(), "gold answers known: " + summary);
        assertTrue(summary.get("time_used_s").asDouble() <= 20, summary.toString());
        assertTrue(Files.size(out.resolve("per_problem.png")) > 1000);
        assertTrue(Files.size(out.resolve("accuracy_vs_time.png")) > 1000);

        LaunchResult again = launcher.launch("eval", "--problems", reference().toString(), "--time-limit", "20s",
                "--out", out.toString(), "--model", model.toString(), "--max-tokens", "48", "--device", "cpu");
        assertEquals(0, again.exitCode(), again.getErrorOutput());
        assertEquals(results, Files.readAllLines(out.resolve("results.jsonl")), "a finished run is not run again");
    }

    @Test
    void sweepWritesThePapersTableShape(QuarkusMainLauncher launcher) throws Exception {
        Path model = TestCheckpoints.tinyQwen(tmp.resolve("tiny"), 1);
        Path problems = tmp.resolve("three.csv");
        Files.writeString(problems, "id,problem,answer\na,What is 1+1?,2\nb,What is 2+2?,4\nc,What is 3+3?,6\n");
        Path out = tmp.resolve("sweep");
        LaunchResult r = launcher.launch("eval", "sweep", "--problems", problems.toString(), "--budgets", "16,8",
                "--k", "2", "--out", out.toString(), "--model", model.toString(), "--device", "cpu");
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        String md = Files.readString(out.resolve("sweep.md"));
        assertTrue(md.contains("| token budget |"), md);
        assertTrue(md.matches("(?s).*\\| 8 \\| [\\d.]+% \\| [\\d.]+% \\| \\d+ \\|.*\\| 16 \\| [\\d.]+% \\| [\\d.]+% \\| \\d+ \\|.*"), md);
        JsonNode points = new ObjectMapper().readTree(out.resolve("sweep.json").toFile());
        assertEquals(2, points.size());
        assertTrue(points.get(0).get("mean_output_tokens").asDouble() <= 8, points.toString());
        assertTrue(Files.size(out.resolve("sweep.png")) > 1000);
    }

    @Test
    void badInvocationsEndWithOneClearLine(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult noLimit = launcher.launch("eval", "--problems", reference().toString(), "--out", tmp.resolve("x").toString());
        assertEquals(1, noLimit.exitCode());
        assertTrue(noLimit.getErrorOutput().contains("error: eval needs --problems FILE, --time-limit"), noLimit.getErrorOutput());
        LaunchResult badLimit = launcher.launch("eval", "--problems", reference().toString(), "--time-limit", "five hours",
                "--out", tmp.resolve("x").toString());
        assertEquals(2, badLimit.exitCode());
        assertTrue(badLimit.getErrorOutput().contains("is not a duration"), badLimit.getErrorOutput());
        LaunchResult two = launcher.launch("eval", "--problems", reference().toString(), "--time-limit", "1m", "--out",
                tmp.resolve("x").toString(), "--model", "m", "--server", "http://127.0.0.1:1");
        assertEquals(1, two.exitCode());
        assertTrue(two.getErrorOutput().contains("exactly one of --model DIR, --server URL, --grpc host:port"),
                two.getErrorOutput());
        LaunchResult missing = launcher.launch("eval", "--problems", tmp.resolve("none.csv").toString(), "--time-limit", "1m",
                "--out", tmp.resolve("x").toString(), "--model", "m");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.getErrorOutput().contains("no such file"), missing.getErrorOutput());
    }
}
