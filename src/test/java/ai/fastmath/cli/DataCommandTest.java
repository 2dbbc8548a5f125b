package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.training.data.CurriculumFiles;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fastmath data generate} through picocli (no CDI needed): the files, the table, the errors. */
class DataCommandTest {

    @TempDir
    Path tmp;

    private final Cli cli = new Cli();
    private final StringWriter stdout = cli.out;
    private final StringWriter stderr = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void writesTheCurriculumAndPrintsCountsAndLengths() throws Exception {
        Path out = tmp.resolve("curriculum");
        assertEquals(0, run("data", "generate", "--seed", "3", "--out", out.toString(), "--train", "240", "--val", "24",
                "--test", "48", "--grpo", "72"), stderr.toString());
        for (String f : CurriculumFiles.FILES) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertEquals(240, Files.readAllLines(out.resolve("train.jsonl")).size());
        assertEquals(72, Files.readAllLines(out.resolve("grpo.jsonl")).size());
        assertEquals(49, Files.readAllLines(out.resolve("test.csv")).size(), "header and 48 rows");
        String table = stdout.toString();
        assertTrue(table.startsWith("split  family"), table);
        assertTrue(table.matches("(?s).*\\ntrain  addition\\s+30\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\n.*"), table);
        assertTrue(table.matches("(?s).*\\ntrain  all\\s+240\\s.*"), table);
        assertTrue(table.matches("(?s).*\\ngrpo   all\\s+72\\s+-\\s+-\\n.*"), table);
        assertTrue(table.contains("tokenizer vocabulary 101"), table);
    }

    @Test
    void badSizesAreOneClearErrorAndTheOptionsAreRequired() {
        assertEquals(1, run("data", "generate", "--seed", "1", "--out", tmp.toString(), "--train", "-5"));
        assertTrue(stderr.toString().startsWith("error: split sizes must not be negative"), stderr.toString());
        assertFalse(stderr.toString().contains("Exception"), "no stack trace");
        assertEquals(2, run("data", "generate", "--seed", "1"), "--out is required: a usage error");
    }
}
