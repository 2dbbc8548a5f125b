package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full service refuses the SSE stream as it refuses {@code /v1/solve}: 429 with Retry-After and the
 * JSON error, not a 200 stream that ends empty (what a browser client, the playground, must be able
 * to tell its user).
 */
@QuarkusTest
@TestProfile(ServingProfile.class)
class SolveStreamOverloadTest {

    /** Holds a place in the service for at most its deadline (queueing included). */
    private static final String HOLDER =
            "{\"problem\": \"Count to a thousand.\", \"n\": 2, \"max_tokens\": 400, \"deadline_s\": 4, \"rule\": \"none\"}";

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void ready() throws InterruptedException {
        Ready.await();
    }

    @Test
    void aFullServiceAnswersTheStreamWith429AndRetryAfter() throws Exception {
        // ServingProfile admits 2 solving + 2 queued: four holders fill every place
        List<CompletableFuture<HttpResponse<String>>> holders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            holders.add(post("/v1/solve", HOLDER, HttpResponse.BodyHandlers.ofString()));
        }
        HttpResponse<InputStream> refused = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (refused == null && System.nanoTime() < until) {
            HttpResponse<InputStream> r = post("/v1/solve/stream", "{\"problem\": \"x\", \"n\": 1, \"max_tokens\": 2}",
                    HttpResponse.BodyHandlers.ofInputStream()).get(30, TimeUnit.SECONDS);
            if (r.statusCode() == 429) {
                refused = r;
            } else {
                r.body().close(); // admitted before the holders were: let go and try again
                Thread.sleep(50);
            }
        }
        assertNotNull(refused, "the stream was never refused while four solves filled the service");
        String body = new String(refused.body().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After missing");
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), body);
        assertTrue(body.contains("\"rate_limit_error\""), body);
        for (var h : holders) {
            int status = h.get(60, TimeUnit.SECONDS).statusCode();
            assertTrue(status == 200 || status == 504 || status == 429, "holder answered " + status);
        }
    }

    private <T> CompletableFuture<HttpResponse<T>> post(String path, String json, HttpResponse.BodyHandler<T> handler) {
        return http.sendAsync(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), handler);
    }
}
