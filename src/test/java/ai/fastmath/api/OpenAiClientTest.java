package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm client against the service: a chat completion with n = 2, a streamed
 * completion (same text as the whole one), and invalid requests as the client's error types
 * ({@code src/test/node/openai-client.test.mjs}).
 */
@QuarkusTest
@TestProfile(ServingProfile.class)
class OpenAiClientTest {

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void ready() throws InterruptedException {
        Ready.await();
    }

    @Test
    void theOfficialClientWorksUnchanged() throws Exception {
        String out = NodeScript.run("openai-client.test.mjs", Map.of("FASTMATH_URL", base.toString()), 90,
                Path.of("target", "node", "openai-client.log"));
        assertTrue(out.strip().endsWith("ok"), out);
    }
}
