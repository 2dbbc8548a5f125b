package ai.fastmath.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.eval.ProblemSet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splits are disjoint by problem text, files are a function of the seed, and the files hold what the splits hold. */
class CurriculumSplitsTest {

    private static final SplitSizes SIZES = new SplitSizes(1200, 120, 120, 240);

    @TempDir
    Path tmp;

    private static Curriculum.Splits generate(long seed) {
        return new Curriculum(CurriculumConfig.DEFAULT).generate(seed, SIZES);
    }

    @Test
    void evaluationSplitsAreDistinctAndDisjointFromEachOtherAndFromTrain() {
        Curriculum.Splits s = generate(5);
        Set<String> seen = new HashSet<>();
        for (Example e : Stream.of(s.test(), s.val(), s.grpo()).flatMap(List::stream).toList()) {
            assertTrue(seen.add(e.problem()), "repeated evaluation problem: " + e.problem());
        }
        for (Example e : s.train()) {
            assertFalse(seen.contains(e.problem()), "train holds an evaluation problem: " + e.problem());
        }
        assertEquals(List.of(1200, 120, 120, 240), List.of(s.train().size(), s.val().size(), s.test().size(), s.grpo().size()));
        s.grpo().forEach(e -> assertNull(e.generation(), "GRPO problems have no trace"));
        Set<String> ids = new HashSet<>();
        Stream.of(s.train(), s.val(), s.test(), s.grpo()).flatMap(List::stream).forEach(e -> assertTrue(ids.add(e.id()), e.id()));
    }

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedDiffers() throws Exception {
        CurriculumFiles.write(tmp.resolve("a"), generate(7));
        CurriculumFiles.write(tmp.resolve("b"), generate(7));
        CurriculumFiles.write(tmp.resolve("c"), generate(8));
        for (String f : CurriculumFiles.FILES) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(tmp.resolve("b").resolve(f)), f);
            if (!f.startsWith("tokenizer/")) {
                assertFalse(Arrays.equals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(tmp.resolve("c").resolve(f))), f);
            }
        }
    }

    @Test
    void theFilesHoldTheSplits() throws Exception {
        Curriculum.Splits s = generate(9);
        CurriculumFiles.write(tmp, s);
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(tmp.resolve("train.jsonl"));
        assertEquals(s.train().size(), lines.size());
        JsonNode first = json.readTree(lines.get(0));
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("id", "family", "level", "problem", "generation", "answer"), keys);
        assertEquals(s.train().get(0), json.treeToValue(first, Example.class));

        JsonNode grpo = json.readTree(Files.readAllLines(tmp.resolve("grpo.jsonl")).get(0));
        List<String> grpoKeys = new ArrayList<>();
        grpo.fieldNames().forEachRemaining(grpoKeys::add);
        assertEquals(List.of("id", "family", "level", "problem", "answer"), grpoKeys);

        List<ProblemSet.Problem> csv = ProblemSet.load(tmp.resolve("test.csv"));
        assertEquals(s.test().stream().map(e -> new ProblemSet.Problem(e.id(), e.problem(), e.answer())).toList(), csv);
    }

    @Test
    void badSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SplitSizes(-1, 0, 0, 0));
    }
}
