package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench grade}: the generated mix, the table and the JSON agree with each other and with the mix's definition. */
class BenchGradeCommandTest {

    @TempDir
    Path tmp;

    @Test
    void theMixIsDistinctAndInItsProportions() {
        List<String[]> lines = BenchGradeCommand.generate(1000, new Random(1));
        Set<String> distinct = new HashSet<>();
        lines.forEach(l -> distinct.add(l[0] + "\u0000" + l[1]));
        assertTrue(distinct.size() > 990, distinct.size() + " distinct of 1000");
        assertEquals(100, lines.stream().filter(l -> l[1].contains("\\boxed{")).count(), "10 whole solutions per 100");
    }

    @Test
    void printsATableAndWritesJsonThatAddsUp() throws Exception {
        Cli cli = new Cli();
        Path json = tmp.resolve("grade.json");
        assertEquals(0, cli.run("bench", "grade", "--lines", "300", "--json", json.toString()), cli.err.toString());
        String out = cli.out.toString();
        assertTrue(out.startsWith("300 lines in "), out);
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals(300, r.get("lines").asInt());
        int total = 0;
        for (JsonNode m : r.get("methods")) {
            total += m.get("lines").asInt();
            assertTrue(out.contains(m.get("method").asText()), "the table names " + m.get("method"));
        }
        assertEquals(300, total, "every line is decided by exactly one method");
        // 10 of every 100 lines are roots, pi and expressions: the ones the CAS decides
        assertEquals(30, r.get("cas_comparisons").asInt());
        assertEquals(0, r.get("cas_timeouts").asInt());
    }
}
