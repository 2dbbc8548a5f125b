package ai.fastmath.api;

import ai.fastmath.TestCheckpoints;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The service as {@code serve} runs it, on a tiny random-init checkpoint with the Qwen3 tokenizer
 * (written before start-up), and small admission limits so overload is reachable.
 */
public class ServingProfile implements QuarkusTestProfile {

    /**
     * Where the checkpoints live: "a" (served at start; no generation_config.json, so served to the end
     * of its turn), "b" (for a refresh; cut at {@code </think>}), "broken".
     */
    public static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("fastmath-serving-test");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "fastmath.device", "cpu",
                "fastmath.solve.max-concurrent", "2",
                "fastmath.solve.max-queued", "2",
                "fastmath.engine.max-waiting", "8", // the OpenAI endpoints' 429 is reachable (OpenAiClientTest)
                "fastmath.engine.kv-cache-tokens", "8192");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Checkpoints.class));
    }

    /** Writes the checkpoints and points fastmath.model at "a". */
    public static class Checkpoints implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Path a = TestCheckpoints.tinyQwen(DIR.resolve("tiny-a"), 1);
                Path b = TestCheckpoints.tinyQwen(DIR.resolve("tiny-b"), 2);
                Files.writeString(b.resolve("generation_config.json"), "{\"stop_strings\": [\"</think>\"]}"); // a stage-2 model
                Path broken = Files.createDirectories(DIR.resolve("broken"));
                Files.writeString(broken.resolve("config.json"), "{\"architectures\": [\"LlamaForCausalLM\"]}");
                return Map.of("fastmath.model", a.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {}
    }
}
