package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a checkpoint's samples stop is read from its generation_config.json, as transformers writes it. */
class GenerationConfigTest {

    @TempDir
    Path dir;

    private GenerationConfig with(String json) throws Exception {
        Files.writeString(dir.resolve("generation_config.json"), json);
        return GenerationConfig.load(dir);
    }

    @Test
    void aStageTwoModelStopsAtThinkEnd() throws Exception {
        GenerationConfig c = with("{\"eos_token_id\": [2], \"temperature\": 1.0, \"stop_strings\": [\"</think>\"]}");
        assertEquals(List.of("</think>"), c.stopStrings());
        assertEquals(List.of("</think>"), c.stops(false));
        assertEquals(List.of(), c.stops(true), "--full-output overrides the model's stop");
    }

    @Test
    void aStageOneModelRunsToTheEndOfItsTurn() throws Exception {
        assertEquals(List.of(), with("{\"stop_strings\": []}").stopStrings());
        assertEquals(List.of(), with("{\"eos_token_id\": 2}").stopStrings(), "no key: no stop strings");
        assertEquals(List.of(), with("{\"stop_strings\": null}").stopStrings());
        Files.delete(dir.resolve("generation_config.json"));
        assertEquals(GenerationConfig.END_OF_TURN, GenerationConfig.load(dir), "no file: no stop strings");
    }

    @Test
    void aSingleStringIsOneStopAndSeveralAreKeptInOrder() throws Exception {
        assertEquals(List.of("</think>"), with("{\"stop_strings\": \"</think>\"}").stopStrings());
        assertEquals(List.of("</think>", "\n\nUser:"), with("{\"stop_strings\": [\"</think>\", \"\\n\\nUser:\"]}").stopStrings());
    }

    @Test
    void malformedFilesAreCheckpointErrorsNamingTheFileAndKey() throws Exception {
        for (String bad : List.of("{\"stop_strings\": 7}", "{\"stop_strings\": [\"\"]}", "{\"stop_strings\": [1]}",
                "[1, 2]", "{not json")) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> with(bad), bad);
            assertTrue(e.getMessage().contains("generation_config.json"), e.getMessage());
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> with("{\"stop_strings\": {\"a\": 1}}"));
        assertTrue(e.getMessage().contains("stop_strings"), e.getMessage());
    }

    /** max_new_tokens is the sample length a command uses when it is not told one. */
    @Test
    void maxNewTokensIsReadAndMustBePositive() throws Exception {
        assertEquals(java.util.Optional.of(1024), with("{\"max_new_tokens\": 1024, \"stop_strings\": []}").maxNewTokens());
        assertEquals(java.util.Optional.empty(), with("{\"stop_strings\": []}").maxNewTokens());
        assertEquals(java.util.Optional.of(64), with("{\"max_new_tokens\": 64}").maxNewTokens(), "without stop strings too");
        for (String bad : List.of("0", "-5", "1.5", "\"1024\"", "1e12")) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> with("{\"max_new_tokens\": " + bad + "}"), bad);
            assertTrue(e.getMessage().contains("max_new_tokens"), e.getMessage());
        }
    }
}
