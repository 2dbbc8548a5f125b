package ai.fastmath.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProblemSetTest {

    @TempDir
    Path tmp;

    @Test
    void readsCsvWithAimosQuestionColumnAndJsonl() throws Exception {
        Path csv = Files.writeString(tmp.resolve("p.csv"), "\"id\",\"question\",\"answer\"\n\"a1\",\"What is 1+1, really?\",2\n\"a2\",\"x\n y\",\n");
        List<ProblemSet.Problem> p = ProblemSet.load(csv);
        assertEquals(2, p.size());
        assertEquals("What is 1+1, really?", p.get(0).problem());
        assertEquals("2", p.get(0).answer());
        assertEquals("x\n y", p.get(1).problem());
        assertNull(p.get(1).answer());
        Path jsonl = Files.writeString(tmp.resolve("p.jsonl"), "{\"id\": 7, \"problem\": \"2+2\", \"answer\": 4}\n\n{\"id\": \"b\", \"problem\": \"3\"}\n");
        List<ProblemSet.Problem> q = ProblemSet.load(jsonl);
        assertEquals("7", q.get(0).id());
        assertEquals("4", q.get(0).answer());
        assertNull(q.get(1).answer());
    }

    @Test
    void badFilesSayWhatIsWrong() throws Exception {
        String[][] cases = {
            {"a.csv", "name,text\nx,y\n", "header needs id and problem"},
            {"b.csv", "id,problem\n1,a\n1,b\n", "duplicate id '1'"},
            {"c.csv", "id,problem\n", "no problems"},
            {"d.jsonl", "{\"id\": 1, \"problem\": \"a\"}\nnot json\n", "line 2 is not JSON"},
            {"e.jsonl", "{\"problem\": \"a\"}\n", "line 1 needs \"id\""},
            {"f.csv", "id,problem\n1,\"unterminated\n", "not readable as CSV"},
        };
        for (String[] c : cases) {
            Path f = Files.writeString(tmp.resolve(c[0]), c[1]);
            var e = assertThrows(IllegalArgumentException.class, () -> ProblemSet.load(f), c[0]);
            assertTrue(e.getMessage().contains(c[2]), c[0] + ": " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ProblemSet.load(tmp.resolve("missing.csv")));
    }
}
