package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code fastmath serve} from the packaged fast-jar ({@code target/quarkus-app/quarkus-run.jar}) in a
 * subprocess on free loopback ports, with the default model, for the integration tests (failsafe runs
 * them after {@code package}). Its output goes to a log file the failures quote.
 */
final class PackagedServer implements AutoCloseable {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    final Process process;
    final int httpPort;
    final int grpcPort;
    final Path log;

    private PackagedServer(Process process, int httpPort, int grpcPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.log = log;
    }

    /** Starts the server with these environment variables and waits until it is ready (model loaded). */
    static PackagedServer start(Map<String, String> env, Path log) throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: integration tests run after `./mvnw package` (./mvnw verify does both)");
        int http = freePort();
        int grpc = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-jar", JAR.toString(), "serve", "--host", "127.0.0.1",
                "--http-port", String.valueOf(http), "--grpc-port", String.valueOf(grpc)))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        PackagedServer server = new PackagedServer(pb.start(), http, grpc, log);
        server.awaitReady(Duration.ofSeconds(120));
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A log file under {@code target/it-logs}, kept after the run for a failure's reader. */
    static Path logFile(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "it-logs"));
        return dir.resolve(name);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    long pid() {
        return process.pid();
    }

    int readiness(HttpClient http) {
        try {
            return http.send(HttpRequest.newBuilder(url().resolve("/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void awaitReady(Duration limit) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                fail("the server exited with " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            if (readiness(http) == 200) {
                return;
            }
            Thread.sleep(250);
        }
        fail("the server was not ready within " + limit + ":\n" + logTail());
    }

    /** The last lines of the server's output. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
