package ai.fastmath.api;

import ai.fastmath.TestCheckpoints;
import ai.fastmath.model.CheckpointManifest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The service with API keys, an admin key, a model root, checksummed checkpoints and small request
 * limits; logging turned up (access log, DEBUG for HTTP, REST and gRPC) so a test can look for keys in it.
 */
public class SecuredProfile implements QuarkusTestProfile {

    public static final String API_KEY = "fm-test-api-key-7Qx2";
    public static final String OTHER_API_KEY = "fm-test-api-key-second-K4p9";
    public static final String ADMIN_KEY = "fm-test-admin-key-Zr81";

    public static final int MAX_PROMPT_TOKENS = 120;
    public static final int MAX_N = 4;
    public static final int MAX_TOKENS = 32;

    /** {@code root/}: the model root (tiny-a served, tiny-b, corrupt, truncated, links out); {@code outside/}: a checkpoint beyond it. */
    public static final Path DIR = tempDir();
    public static final Path ROOT = DIR.resolve("root");
    public static final Path OUTSIDE = DIR.resolve("outside");

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("fastmath-secured-test");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("fastmath.device", "cpu"),
                Map.entry("fastmath.engine.kv-cache-tokens", "4096"),
                Map.entry("fastmath.api-keys", API_KEY + "," + OTHER_API_KEY),
                Map.entry("fastmath.admin-key", ADMIN_KEY),
                Map.entry("fastmath.model-root", ROOT.toString()),
                Map.entry("fastmath.require-checksums", "true"),
                Map.entry("fastmath.limits.max-prompt-tokens", String.valueOf(MAX_PROMPT_TOKENS)),
                Map.entry("fastmath.limits.max-n", String.valueOf(MAX_N)),
                Map.entry("fastmath.limits.max-tokens", String.valueOf(MAX_TOKENS)),
                Map.entry("quarkus.http.access-log.enabled", "true"),
                Map.entry("quarkus.log.category.\"io.quarkus.http.access-log\".level", "INFO"),
                Map.entry("quarkus.log.category.\"io.quarkus.vertx.http\".level", "DEBUG"),
                Map.entry("quarkus.log.category.\"org.jboss.resteasy.reactive\".level", "DEBUG"),
                Map.entry("quarkus.log.category.\"io.quarkus.grpc\".level", "DEBUG"),
                Map.entry("quarkus.log.category.\"io.grpc\".level", "DEBUG"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Checkpoints.class));
    }

    /** Writes the checkpoints (with checksums.json) and points fastmath.model at root/tiny-a. */
    public static class Checkpoints implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Path a = checksummed(ROOT.resolve("tiny-a"), 1);
                checksummed(ROOT.resolve("tiny-b"), 2);
                Path corrupt = checksummed(ROOT.resolve("corrupt"), 3);
                try (RandomAccessFile f = new RandomAccessFile(firstWeightFile(corrupt).toFile(), "rw")) {
                    long at = f.length() - 5;
                    f.seek(at);
                    int b = f.read();
                    f.seek(at);
                    f.write(b ^ 0x01); // one bit of one weight
                }
                TestCheckpoints.tinyQwen(ROOT.resolve("no-checksums"), 4);
                Path out = checksummed(OUTSIDE.resolve("tiny-x"), 5);
                Files.createSymbolicLink(ROOT.resolve("link-out"), out);
                return Map.of("fastmath.model", a.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** The tiny model is sharded (its embedding alone exceeds the writer's 8 MB shards). */
        static Path firstWeightFile(Path dir) throws Exception {
            try (var files = Files.list(dir)) {
                return files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().findFirst().orElseThrow();
            }
        }

        private static Path checksummed(Path dir, long seed) throws Exception {
            TestCheckpoints.tinyQwen(dir, seed);
            CheckpointManifest.write(dir);
            return dir;
        }

        @Override
        public void stop() {}
    }
}
