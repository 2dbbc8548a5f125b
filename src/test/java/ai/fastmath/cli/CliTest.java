package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.Golden;
import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.RandomInit;
import ai.fastmath.model.safetensors.SafetensorsWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    }

    /** A random-init Qwen2 with the real Qwen3 tokenizer's vocabulary, written with our own writer. */
    static Path tinyModelWithQwenTokenizer() throws Exception {
        Path dir = tmp.resolve("tiny-qwen");
        if (Files.exists(dir.resolve("config.json"))) {
            return dir;
        }
        ModelConfig c = new ModelConfig(151669, 16, 32, 1, 2, 1, 8, 512, 10000.0, 1e-6, true, 151643, List.of(151645), "float32");
        c.write(dir);
        SafetensorsWriter.writeCheckpoint(dir, RandomInit.tensors(c, 1, 0.5), 8L << 20);
        Path tok = Path.of(CliTest.class.getResource("/tokenizers/qwen3/tokenizer.json").toURI()).getParent();
        Files.copy(tok.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.copy(tok.resolve("tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
        return dir;
    }
}
