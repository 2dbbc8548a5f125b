package ai.fastmath.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.tokenizer.TextTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Incremental detokenization and stop-string hold-back, on the real Qwen3 tokenizer. */
class StreamingTextTest {

    private static TextTokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = TextTokenizer.load(Path.of(StreamingTextTest.class.getResource("/tokenizers/qwen3/tokenizer.json").toURI()).getParent());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void deltasAddUpToTheTextEvenThroughMultiByteCharacters() {
        String text = "Let x = 3; then x² + 1 = 10 ✓. 数学很有趣 🎉🎉 \\boxed{10}";
        int[] ids = tokenizer.encode(text);
        IncrementalText inc = new IncrementalText(tokenizer::decode);
        StringBuilder out = new StringBuilder();
        int emptyDeltas = 0;
        for (int id : ids) {
            String d = inc.add(id);
            assertFalse(d.contains("\uFFFD"), "no replacement characters are streamed");
            emptyDeltas += d.isEmpty() ? 1 : 0;
            out.append(d);
        }
        out.append(inc.flush());
        assertEquals(text, out.toString());
        assertTrue(emptyDeltas > 0, "some token ended mid-character and was held back");
    }

    @Test
    void textThatMayStartAStopStringIsHeldBackUntilSettled() {
        StopStrings s = new StopStrings(List.of("</answer>"), false);
        assertEquals("The answer ", s.append("The answer "));
        assertEquals("is 4", s.append("is 4<"));
        assertEquals("", s.append("/ans"));
        assertEquals("</ans but no", s.append(" but no"), "not a stop string after all: released");
        assertEquals(" more", s.append(" more</answer> tail"));
        assertTrue(s.stopped());
        assertEquals("The answer is 4</ans but no more", s.text());
        assertEquals("", s.append("ignored after the stop"));
    }

    @Test
    void earliestOfSeveralStopStringsWinsAndMayBeKept() {
        StopStrings s = new StopStrings(List.of("STOP", "</think>"), true);
        assertEquals("a</think>", s.append("a</think>b STOP"));
        assertEquals("a</think>", s.text());
    }
}
