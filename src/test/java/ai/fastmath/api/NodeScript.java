package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a Node script from {@code src/test/node} (whose packages Maven installs) and fails with its output. */
final class NodeScript {

    static final Path DIR = Path.of("src/test/node");

    private NodeScript() {}

    /** Runs {@code node script args...} with extra environment; returns its output once it exits 0. */
    static String run(String script, Map<String, String> env, int timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        assertTrue(DIR.resolve("node_modules").toFile().isDirectory(),
                "src/test/node/node_modules missing: Maven's npm ci (generate-test-resources) did not run");
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = ("cannot read the output: " + e).getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        boolean exited = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        reader.join(5_000);
        String output = out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8);
        assertTrue(exited, script + " did not finish in " + timeoutSeconds + " s:\n" + output);
        assertEquals(0, p.exitValue(), script + " failed:\n" + output);
        return output;
    }
}
