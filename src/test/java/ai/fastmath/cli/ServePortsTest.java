package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Only {@code serve} opens network ports. */
class ServePortsTest {

    @Test
    void otherCommandsStartWithBothServersClosed() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        assertEquals("false", p.getProperty("quarkus.http.host-enabled"));
        assertEquals("false", p.getProperty("quarkus.grpc.server.use-separate-server"));
        assertTrue(ServeCommand.serverProperties("generate", "--model", "m", "--prompt", "x").isEmpty());
        assertTrue(ServeCommand.serverProperties().isEmpty());
        assertTrue(ServeCommand.serverProperties("bench", "serve").isEmpty(), "only serve as the command counts");
    }

    @Test
    void serveOpensThemOnTheChosenPortsWithTheModel() {
        Map<String, String> p = ServeCommand.serverProperties("serve", "--model", "/m", "--http-port=18080", "--grpc-port", "19000",
                "--host", "127.0.0.1", "--device", "cpu");
        assertEquals("true", p.get("quarkus.http.host-enabled"));
        assertEquals("true", p.get("quarkus.grpc.server.use-separate-server"));
        assertEquals("/m", p.get("fastmath.model"));
        assertEquals("18080", p.get("quarkus.http.port"));
        assertEquals("19000", p.get("quarkus.grpc.server.port"));
        assertEquals("127.0.0.1", p.get("quarkus.http.host"));
        assertEquals("127.0.0.1", p.get("quarkus.grpc.server.host"));
        assertEquals("cpu", p.get("fastmath.device"));
    }
}
