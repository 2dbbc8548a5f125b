package ai.fastmath.api;

import java.net.URI;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The test servers' ports as configured (Quarkus' defaults 8081 / 9001, or what
 * {@code -Dquarkus.http.test-port} / {@code -Dquarkus.grpc.server.test-port} chose).
 */
final class TestPorts {

    private TestPorts() {}

    static int grpc() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.grpc.server.test-port", Integer.class).orElse(9001);
    }

    static URI http() {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
        return URI.create("http://localhost:" + port);
    }
}
