package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code bench load} refuses to send traffic anywhere but this machine, and needs a running service. */
class BenchLoadCommandTest {

    @Test
    void anotherHostIsRefusedWithOneClearLine() {
        Cli cli = new Cli();
        assertEquals(1, cli.run("bench", "load", "--url", "http://example.com:8080", "--duration", "1s"));
        assertTrue(cli.err.toString().startsWith("error: --url: bench load sends traffic only to this machine"), cli.err.toString());
    }

    @Test
    void aPortWithNoServiceIsAnErrorNotALoop() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli cli = new Cli();
        long t0 = System.nanoTime();
        assertEquals(1, cli.run("bench", "load", "--url", "http://127.0.0.1:" + port, "--duration", "10m"));
        assertTrue(cli.err.toString().startsWith("error: --url: no FastMath service answers"), cli.err.toString());
        // a loop would send for the whole 10 minutes; an error at once takes seconds even on a busy machine
        assertTrue((System.nanoTime() - t0) / 1e9 < 120, "at once, not for --duration");
    }
}
