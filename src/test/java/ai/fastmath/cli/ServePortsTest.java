package ai.fastmath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Only {@code serve} opens network ports: the properties set before start-up (ServePortsIT observes the sockets). */
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

    @Test
    void serveOptionsAreReadByPicocliAsTheCommandDeclaresThem() {
        // picocli's forms: clustered "=" values, and a value that looks like an option name is still a value
        Map<String, String> p = ServeCommand.serverProperties("serve", "--model=/m", "--dtype", "float16", "--http-port=8081");
        assertEquals("/m", p.get("fastmath.model"));
        assertEquals("float16", p.get("fastmath.dtype"));
        assertEquals("8081", p.get("quarkus.http.port"));
        assertTrue(!p.containsKey("quarkus.grpc.server.port"), "what is not given keeps application.properties' value");
        // what picocli refuses opens no server (the command then fails with picocli's message)
        assertTrue(ServeCommand.serverProperties("serve", "--http-port", "eighty").isEmpty());
        assertTrue(ServeCommand.serverProperties("serve", "--no-such-option").isEmpty());
        assertTrue(ServeCommand.serverProperties("serve", "--model").isEmpty(), "an option without its value");
    }
}
