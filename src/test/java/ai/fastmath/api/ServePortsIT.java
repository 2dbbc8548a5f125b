package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Which TCP ports a FastMath process actually listens on, read from the kernel ({@code /proc/net/tcp*}
 * and the process's socket descriptors), not from configuration: {@code serve} exactly the two it was
 * given, any other command none.
 */
class ServePortsIT {

    /** The ports in LISTEN state whose sockets the process holds. */
    static Set<Integer> listeningPorts(long pid) throws IOException {
        Map<String, Integer> byInode = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 9 && f[3].equals("0A")) { // st 0A: LISTEN
                    byInode.put(f[9], Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        Integer port = byInode.get(target.substring(8, target.length() - 1));
                        if (port != null) {
                            ports.add(port);
                        }
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while listing
                }
            }
        }
        return ports;
    }

    @Test
    void serveListensOnExactlyTheTwoPortsItWasGiven() throws Exception {
        try (PackagedServer server = PackagedServer.start(Map.of(), PackagedServer.logFile("serve-ports.log"))) {
            assertEquals(new TreeSet<>(List.of(server.httpPort, server.grpcPort)), listeningPorts(server.pid()),
                    "REST and gRPC, nothing else");
        }
    }

    @Test
    void otherCommandsListenOnNothing() throws Exception {
        assertTrue(Files.isRegularFile(PackagedServer.JAR), PackagedServer.JAR + " is missing: run after `./mvnw package`");
        Path out = Files.createTempDirectory("ports-data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", PackagedServer.JAR.toString(), "data", "generate", "--seed", "3",
                "--train", "150000", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(PackagedServer.logFile("data-ports.log").toFile()).start();
        List<Set<Integer>> seen = new ArrayList<>();
        try {
            while (p.isAlive()) {
                try {
                    seen.add(listeningPorts(p.pid()));
                } catch (IOException exited) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue());
        assertTrue(seen.size() >= 5, "the command was observed while it ran: " + seen.size() + " samples");
        assertTrue(seen.stream().allMatch(Set::isEmpty), "no listening socket at any time: " + seen);
    }
}
