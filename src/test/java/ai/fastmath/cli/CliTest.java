package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.TestCheckpoints;
import ai.fastmath.model.Golden;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executable's commands, launched as a user launches them. */
@QuarkusMainTest
class CliTest {

    @TempDir
    static Path tmp;

    @Test
    void scorePrintsTheGoldenLogitsAsJson(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult r = launcher.launch("score", "--model", Golden.dir(Golden.F32).toString(), "--token-ids", "64,93,21,92,56,44,3");
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        JsonNode json = new ObjectMapper().readTree(r.getOutput());
        Golden.Case expected = Golden.cases(Golden.F32).get(1);
        assertEquals(7, json.get("logits").size());
        for (int p = 0; p < 7; p++) {
            for (int v = 0; v < 96; v++) {
                assertEquals(expected.logits()[p][v], json.get("logits").get(p).get(v).floatValue(), 1e-3);
            }
        }
    }

    @Test
    void scoreRejectsBadInputWithOneClearLine(QuarkusMainLauncher launcher) {
        LaunchResult missing = launcher.launch("score", "--model", tmp.resolve("nope").toString(), "--token-ids", "1");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.getErrorOutput().contains("error: no config.json in"), missing.getErrorOutput());
        LaunchResult outside = launcher.launch("score", "--model", Golden.dir(Golden.F32).toString(), "--token-ids", "5,96");
        assertEquals(1, outside.exitCode());
        assertTrue(outside.getErrorOutput().contains("token id 96 outside the vocabulary [0, 96)"), outside.getErrorOutput());
        LaunchResult notNumbers = launcher.launch("score", "--model", Golden.dir(Golden.F32).toString(), "--token-ids", "a,b");
        assertEquals(2, notNumbers.exitCode(), "picocli usage error");
    }

    @Test
    void generateIsDeterministicPerSeedAndUsesTheChatTemplate(QuarkusMainLauncher launcher) throws Exception {
        Path model = tinyModelWithQwenTokenizer();
        String[] args = {"generate", "--model", model.toString(), "--prompt", "What is 1+1?", "--chat",
                "--max-tokens", "6", "--temperature", "1.0", "--seed", "7", "--device", "cpu"};
        LaunchResult first = launcher.launch(args);
        assertEquals(0, first.exitCode(), first.getErrorOutput());
        assertFalse(first.getOutput().isBlank());
        assertEquals(first.getOutput(), launcher.launch(args).getOutput(), "same seed, same text");
        LaunchResult greedy = launcher.launch("generate", "--model", model.toString(), "--prompt", "1+1=", "--max-tokens", "4");
        assertEquals(0, greedy.exitCode(), greedy.getErrorOutput());
        // --chat continues the chat template's rendering: greedy, it equals the raw continuation of that
        // rendering written out by hand (Qwen3's ChatML), and not the continuation of the bare question
        String[] chat = {"generate", "--model", model.toString(), "--prompt", "What is 1+1?", "--chat", "--max-tokens", "8",
            "--device", "cpu"};
        String rendered = "<|im_start|>user\nWhat is 1+1?<|im_end|>\n<|im_start|>assistant\n";
        LaunchResult viaTemplate = launcher.launch(chat);
        LaunchResult byHand = launcher.launch("generate", "--model", model.toString(), "--prompt", rendered, "--max-tokens", "8",
                "--device", "cpu");
        LaunchResult bare = launcher.launch("generate", "--model", model.toString(), "--prompt", "What is 1+1?", "--max-tokens", "8",
                "--device", "cpu");
        assertEquals(0, viaTemplate.exitCode(), viaTemplate.getErrorOutput());
        assertEquals(byHand.getOutput(), viaTemplate.getOutput(), "--chat renders the template before generating");
        assertNotEquals(bare.getOutput(), viaTemplate.getOutput(), "without the template the continuation differs");
    }

    static Path tinyModelWithQwenTokenizer() throws Exception {
        return TestCheckpoints.tinyQwen(tmp.resolve("tiny-qwen"), 1);
    }
}
