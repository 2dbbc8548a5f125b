package ai.fastmath.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.Fuzz;
import ai.fastmath.FuzzJson;
import ai.fastmath.training.sft.SftData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Problem sets (CSV, JSONL), predictions and training data from users' files, random and damaged:
 * each loads into well-formed rows or fails with an {@link IllegalArgumentException} that names the
 * file (and the line, where one line is at fault); never another exception, never a hang.
 */
class ProblemSetProperties {

    private static final long SEED = 20261128L;

    @TempDir
    Path dir;

    private static final List<String> CELLS = List.of("1", "a1", "What is 1+1?", "\"quoted, with comma\"", "\"line\nbreak\"",
            "\"unterminated", "\"\"", "", " ", "x\"y", "\"a\"\"b\"", "42", "\\boxed{3}", "é中", "\uFEFF", "\"\"\"");

    private static String csv(Random r) {
        String header = Fuzz.pick(r, "id,problem", "id,problem,answer", "id,question,answer", "\"id\",\"question\",\"answer\"",
                "\uFEFFid,problem,answer", "id,,problem", "id,problem,id", "name,text", "", "id", "problem", "ID,Problem",
                " id , problem ", "id;problem", Fuzz.chars(r, 12));
        StringBuilder b = new StringBuilder(header).append(Fuzz.pick(r, "\n", "\r\n"));
        int rows = r.nextInt(6);
        for (int i = 0; i < rows; i++) {
            int cells = r.nextInt(5);
            for (int c = 0; c < cells; c++) {
                b.append(c == 0 ? "" : ",").append(r.nextInt(3) == 0 ? String.valueOf(i) : Fuzz.pick(r, CELLS));
            }
            b.append(Fuzz.pick(r, "\n", "\r\n", "\n\n"));
        }
        return b.toString();
    }

    private static String jsonl(Random r, Map<String, Function<Random, String>> fields) {
        StringBuilder b = new StringBuilder();
        int lines = r.nextInt(6);
        for (int i = 0; i < lines; i++) {
            String line = switch (r.nextInt(10)) {
                case 0 -> FuzzJson.value(r, 2, List.of());
                case 1 -> Fuzz.pick(r, "", "   ", "not json", "{", "{\"id\": 1,}", "[]", "null", "{} {}", "\uFEFF{}");
                default -> FuzzJson.object(r, fields, r.nextBoolean() ? List.copyOf(fields.keySet()) : List.of());
            };
            b.append(line.replace('\n', ' ')).append(Fuzz.pick(r, "\n", "\r\n"));
        }
        return b.toString();
    }

    private static final Map<String, Function<Random, String>> PROBLEM_FIELDS = new LinkedHashMap<>();
    private static final Map<String, Function<Random, String>> SFT_FIELDS = new LinkedHashMap<>();
    private static final Map<String, Function<Random, String>> DIFFICULTY_FIELDS = new LinkedHashMap<>();

    static {
        Function<Random, String> id = r -> r.nextBoolean() ? String.valueOf(r.nextInt(4)) : FuzzJson.scalar(r);
        Function<Random, String> text = r -> r.nextBoolean() ? FuzzJson.quote(Fuzz.pick(r, CELLS)) : FuzzJson.value(r, 1, List.of());
        PROBLEM_FIELDS.put("id", id);
        PROBLEM_FIELDS.put("problem", text);
        PROBLEM_FIELDS.put("answer", text);
        SFT_FIELDS.put("id", id);
        SFT_FIELDS.put("problem", text);
        SFT_FIELDS.put("generation", text);
        SFT_FIELDS.put("answer", text);
        SFT_FIELDS.put("level", r -> r.nextBoolean() ? String.valueOf(r.nextInt(6)) : FuzzJson.scalar(r));
        DIFFICULTY_FIELDS.put("id", id);
        DIFFICULTY_FIELDS.put("difficulty", r -> r.nextBoolean() ? Fuzz.pick(r, "1.0", "0.5", "4", "0", "-1", "1e309") : FuzzJson.scalar(r));
    }

    /** A well-formed file of 1-5 lines, each made by {@code line} from its index: the path where loading succeeds. */
    private static byte[] wellFormed(Random r, String header, Function<Integer, String> line) {
        StringBuilder b = new StringBuilder(header);
        for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
            b.append(line.apply(i)).append(Fuzz.pick(r, "\n", "\r\n"));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Random r) {
        return Fuzz.pick(r, "What is 1+1?", "Compute 7*6.", "caf\u00e9 \u4e2d", "a, b", "x\"y");
    }

    /** The text as it would be saved, sometimes with a damaged byte or two (invalid UTF-8, a stray quote). */
    private static byte[] saved(Random r, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return r.nextInt(5) == 0 ? Fuzz.mutate(bytes, 1 + r.nextInt(2), r) : bytes;
    }

    @Test
    void csvProblemSetsLoadOrNameTheFile() {
        Path file = dir.resolve("problems.csv");
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, 2000, r -> r.nextInt(4) == 0
                ? wellFormed(r, "id,problem,answer\n", i -> "p" + i + ",\"" + text(r).replace("\"", "\"\"") + "\"," + i)
                : saved(r, csv(r)), bytes -> paths.hit(checkProblems(file, bytes)));
        paths.atLeast("loaded", 300);
        paths.atLeast("refused", 300);
    }

    @Test
    void jsonlProblemSetsLoadOrNameTheLine() {
        Path file = dir.resolve("problems.jsonl");
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, 2000, r -> r.nextInt(4) == 0
                ? wellFormed(r, "", i -> "{\"id\": \"p" + i + "\", \"problem\": " + FuzzJson.quote(text(r)) + ", \"answer\": \"" + i + "\"}")
                : saved(r, jsonl(r, PROBLEM_FIELDS)), bytes -> paths.hit(checkProblems(file, bytes)));
        paths.atLeast("loaded", 300);
        paths.atLeast("refused", 300);
    }

    /** "loaded" (and checked) or "refused" (naming the file). */
    private static String checkProblems(Path file, byte[] bytes) {
        Fuzz.write(file, bytes);
        List<ProblemSet.Problem> problems = loadsOrNames(file, () -> ProblemSet.load(file));
        if (problems == null) {
            return "refused";
        }
        assertTrue(!problems.isEmpty());
        Set<String> ids = new HashSet<>();
        for (ProblemSet.Problem p : problems) {
            assertNotNull(p.id());
            assertNotNull(p.problem());
            assertTrue(ids.add(p.id()), "duplicate id " + p.id());
        }
        return "loaded";
    }

    @Test
    void sftDataLoadsOrNamesTheLine() {
        Path file = dir.resolve("sft.jsonl");
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, 2000, r -> r.nextInt(4) == 0
                ? wellFormed(r, "", i -> "{\"id\": \"t" + i + "\", \"problem\": " + FuzzJson.quote(text(r))
                        + ", \"generation\": \"<think>\\n2\\n</think>\\n\\\\boxed{2}\", \"answer\": \"2\", \"level\": " + (1 + r.nextInt(2)) + "}")
                : saved(r, jsonl(r, SFT_FIELDS)), bytes -> {
            Fuzz.write(file, bytes);
            List<SftData.Row> rows = loadsOrNames(file, () -> SftData.read(file, new SftData.Selection(0, 0, Set.of(1, 2))));
            if (rows != null) {
                rows.forEach(row -> assertTrue(!row.problem().isBlank() && !row.generation().isBlank() && row.id() != null));
                paths.hit(rows.isEmpty() ? "loaded, none selected" : "loaded");
            } else {
                paths.hit("refused");
            }
        });
        paths.atLeast("loaded", 200);
        paths.atLeast("refused", 300);
    }

    @Test
    void difficultyPredictionsLoadOrNameTheLine() {
        Path file = dir.resolve("difficulty.jsonl");
        List<ProblemSet.Problem> problems = List.of(new ProblemSet.Problem("0", "a", null), new ProblemSet.Problem("1", "b", "2"));
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, 1000, r -> r.nextInt(4) == 0
                ? (r.nextBoolean() ? "{\"id\": \"0\", \"difficulty\": 1.5}\n"
                        : "{\"id\": \"0\", \"difficulty\": " + Fuzz.pick(r, "1.0", "0.5", "4") + "}\n{\"id\": \"1\", \"difficulty\": 2}\n")
                        .getBytes(StandardCharsets.UTF_8)
                : saved(r, jsonl(r, DIFFICULTY_FIELDS)), bytes -> {
            Fuzz.write(file, bytes);
            DifficultyPredictor p = loadsOrNames(file, () -> DifficultyPredictor.fromFile(file, problems));
            if (p != null) {
                p.difficulty("a").ifPresent(d -> assertTrue(d > 0, "difficulty " + d));
                paths.hit(p.difficulty("a").isPresent() ? "loaded, difficulty read" : "loaded");
            } else {
                paths.hit("refused");
            }
        });
        paths.atLeast("loaded, difficulty read", 50);
        paths.atLeast("refused", 150);
    }

    /** Found by the property: invalid UTF-8 failed with "Input length = 1", naming neither file nor line. */
    @Test
    void invalidUtf8NamesTheLine() {
        Map<String, String> files = Map.of("p.csv", "id,problem\n1,fine\n2,bad \u00ff\n",
                "p.jsonl", "{\"id\": 1, \"problem\": \"fine\"}\n{\"id\": 2, \"problem\": \"bad \u00ff\"}\n");
        Map<String, String> line = Map.of("p.csv", "line 3", "p.jsonl", "line 2");
        files.forEach((name, text) -> {
            Path file = dir.resolve(name);
            Fuzz.write(file, text.getBytes(StandardCharsets.ISO_8859_1)); // a lone 0xff byte: never UTF-8
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> ProblemSet.load(file), name);
            assertEquals(file + ": " + line.get(name) + " is not UTF-8 text", e.getMessage());
        });
    }

    /** Either the value, or null after an IllegalArgumentException naming the file (and a line, if one is named). */
    private static <T> T loadsOrNames(Path file, Supplier<T> load) {
        try {
            return assertTimeoutPreemptively(Duration.ofSeconds(2), load::get);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            assertTrue(m != null && m.startsWith(file.toString() + ": "), "message names the file: " + m);
            assertTrue(!m.contains("Input length") && !m.contains("Exception"), "a message for people: " + m);
            return null;
        }
    }

    /** Found by the property: a column named twice read a cell past the end of the row, without the file's name. */
    @Test
    void aColumnNamedTwiceIsNamed() {
        Path file = dir.resolve("twice.csv");
        Fuzz.write(file, "id,problem,id\n0,42\n".getBytes(StandardCharsets.UTF_8));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ProblemSet.load(file));
        assertEquals(file + ": the header names a column twice: [id, problem, id]", e.getMessage());
    }

    @Test
    void aBlankFileHasNoProblems() {
        Path file = dir.resolve("empty.jsonl");
        Fuzz.write(file, new byte[0]);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ProblemSet.load(file));
        assertEquals(file + ": no problems", e.getMessage());
    }
}
