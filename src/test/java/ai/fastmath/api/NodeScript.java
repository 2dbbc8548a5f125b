package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node script from {@code src/test/node} (whose packages Maven installs): its output goes to a
 * log file that stays as a build artifact, and a failure or a timeout fails the test with that output.
 */
final class NodeScript {

    static final Path DIR = Path.of("src", "test", "node");

    private NodeScript() {}

    /**
     * Runs {@code node script args...} with extra environment, its output in {@code log}; returns the
     * output once it exits 0. On a timeout the script and what it started (a browser) are killed.
     */
    static String run(String script, Map<String, String> env, long timeoutSeconds, Path log, String... args)
            throws IOException, InterruptedException {
        assertTrue(Files.isDirectory(DIR.resolve("node_modules")),
                "src/test/node/node_modules missing: Maven's npm ci (generate-test-resources) did not run");
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(script + " did not finish in " + timeoutSeconds + " s; its output:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), script + " failed; its output:\n" + output);
        return output;
    }
}
