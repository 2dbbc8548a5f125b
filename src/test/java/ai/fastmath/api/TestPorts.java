package ai.fastmath.api;

import org.eclipse.microprofile.config.ConfigProvider;

/** The ports the test servers listen on (moved with -Dquarkus.grpc.server.test-port when runs share a machine). */
public final class TestPorts {

    private TestPorts() {}

    /** The HTTP test server's port (Quarkus's default 8081). */
    public static int http() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081);
    }

    /** The gRPC test server's port (Quarkus's default 9001). */
    public static int grpc() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.grpc.server.test-port", Integer.class).orElse(9001);
    }
}
