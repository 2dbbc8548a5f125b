package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.api.SolveResponse;
import ai.fastmath.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first commands a user types, bare, on the model the repository commits (training/models/DEFAULT):
 * {@code solve "What is 17 + 25?"} and {@code eval} with nothing but its problems, time and output,
 * their limits taken from the model (its generation_config.json and context), not from constants.
 */
class SolveCommandTest {

    @TempDir
    Path tmp;

    @Test
    void solvePrintsTheVoteOfTheDefaultModel() {
        Cli cli = new Cli();
        assertEquals(0, cli.run("solve", "What is 17 + 25?", "--seed", "1"), cli.err.toString());
        String[] lines = cli.out.toString().split("\n");
        assertEquals("42", lines[0], "the committed model adds: " + cli.out);
        assertTrue(lines[1].startsWith("share ") && lines[1].contains("42 x") && lines[1].contains("fastmath-s2"), lines[1]);
    }

    @Test
    void solveJsonIsTheRestResponse() throws Exception {
        Cli cli = new Cli();
        assertEquals(0, cli.run("solve", "What is 6 + 7?", "--seed", "2", "--n", "4", "--rule", "none", "--include-text", "--json"),
                cli.err.toString());
        JsonNode r = Json.MAPPER.readTree(cli.out.toString());
        List<String> fields = new ArrayList<>();
        r.fieldNames().forEachRemaining(fields::add);
        List<String> rest = Arrays.stream(SolveResponse.class.getRecordComponents())
                .map(c -> c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT)).toList();
        assertEquals(rest, fields, "the fields of POST /v1/solve's response, in order");
        assertEquals(4, r.get("samples").size());
        assertEquals("all_finished", r.get("stop_reason").asText(), "rule none runs every sample");
        assertTrue(r.get("samples").get(0).get("text").asText().contains("\\boxed{"), r.toString());
    }

    /** A prompt the default limit does not fit: cut to the context without --max-tokens, refused with it. */
    @Test
    void theDefaultLimitFitsTheContextAndAnExplicitOneIsChecked() {
        String longProblem = "What is 17 + 25? " + "Think it over carefully. ".repeat(20); // ~500 tokens of its vocabulary
        Cli cut = new Cli();
        assertEquals(0, cut.run("solve", longProblem, "--seed", "1", "--n", "2"), cut.err.toString());
        Cli refused = new Cli();
        assertNotEquals(0, refused.run("solve", longProblem, "--seed", "1", "--n", "2", "--max-tokens", "1024"));
        assertTrue(refused.err.toString().contains("max_tokens"), refused.err.toString());
    }

    @Test
    void evalNeedsOnlyItsProblemsTimeAndOutput() throws Exception {
        Path problems = Path.of(SolveCommandTest.class.getResource("/datasets/aimo2/reference.csv").toURI());
        Path out = tmp.resolve("eval");
        Cli cli = new Cli();
        assertEquals(0, cli.run("eval", "--problems", problems.toString(), "--time-limit", "40s", "--out", out.toString()),
                cli.err.toString());
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("results.jsonl"))) {
            rows.add(Json.MAPPER.readTree(line));
        }
        assertEquals(10, rows.size());
        // AIMO prompts are long for this model's 1,280-token context: its 1,024 default tokens are cut to fit
        assertTrue(rows.stream().allMatch(r -> r.get("error").isNull()), rows.toString());
        assertTrue(rows.stream().filter(r -> r.get("reached").asBoolean()).count() >= 5, rows.toString());
    }
}
