package ai.fastmath.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
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

/** Model refresh under load, overload, and clients that go away. */
@QuarkusTest
@TestProfile(ServingProfile.class)
class ServingLifecycleTest {

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void ready() throws InterruptedException {
        Ready.await();
    }

    private CompletableFuture<HttpResponse<String>> solveAsync(String json) {
        return http.sendAsync(HttpRequest.newBuilder(base.resolve("/v1/solve")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refreshSwapsModelsWithoutDroppingAcceptedWork() throws Exception {
        String dirA = ServingProfile.DIR.resolve("tiny-a").toString();
        String dirB = ServingProfile.DIR.resolve("tiny-b").toString();
        // each model's stop rule is its own generation_config.json: tiny-a has none, tiny-b stops at </think>
        given().get("/v1/models").then().statusCode(200).body("data[0].id", equalTo("tiny-a"))
                .body("data[0].stop_strings", org.hamcrest.Matchers.empty());
        var inFlight = solveAsync("{\"problem\": \"Count to a thousand.\", \"n\": 4, \"max_tokens\": 400, \"rule\": \"none\"}");
        Thread.sleep(150);
        given().contentType(ContentType.JSON).body("{\"path\": \"" + dirB + "\"}").post("/v1/admin/models/load")
                .then().statusCode(200).body("id", equalTo("tiny-b")).body("status", equalTo("serving"));
        given().get("/v1/models").then().statusCode(200).body("data[0].id", equalTo("tiny-b"))
                .body("data[0].stop_strings", org.hamcrest.Matchers.contains("</think>"));

        HttpResponse<String> old = inFlight.get(60, TimeUnit.SECONDS);
        assertEquals(200, old.statusCode(), old.body());
        JsonNode oldBody = new ObjectMapper().readTree(old.body());
        assertEquals("tiny-a", oldBody.get("model").asText(), "accepted on the old model, finished there");
        assertEquals(4, oldBody.get("finished").asInt(), "no sample dropped by the swap");

        given().contentType(ContentType.JSON).body("{\"problem\": \"1+1\", \"n\": 1, \"max_tokens\": 2}").post("/v1/solve")
                .then().statusCode(200).body("model", equalTo("tiny-b"));
        assertTrue(given().get("/q/metrics").asString().contains("fastmath_model_loaded{model=\"tiny-b\"} 1.0"));

        // refused checkpoints leave tiny-b serving
        given().contentType(ContentType.JSON).body("{\"path\": \"" + ServingProfile.DIR.resolve("broken") + "\"}")
                .post("/v1/admin/models/load").then().statusCode(400).body("error.type", equalTo("invalid_checkpoint"))
                .body("error.message", org.hamcrest.Matchers.containsString("Qwen2ForCausalLM"));
        given().contentType(ContentType.JSON).body("{\"path\": \"/no/such/dir\"}").post("/v1/admin/models/load")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body("{}").post("/v1/admin/models/load")
                .then().statusCode(400).body("error.param", equalTo("path"));
        given().get("/v1/models").then().body("data.id", hasItem("tiny-b")).body("data[0].status", equalTo("serving"));

        given().contentType(ContentType.JSON).body("{\"path\": \"" + dirA + "\"}").post("/v1/admin/models/load")
                .then().statusCode(200).body("id", equalTo("tiny-a"));
    }

    @Test
    void overloadIs429WithRetryAfterAndNothingElseFails() throws Exception {
        // 2 solving + 2 queued are admitted (ServingProfile); the rest must be told to come back
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(solveAsync("{\"problem\": \"Count to a thousand.\", \"n\": 2, \"max_tokens\": 200, \"rule\": \"none\"}"));
        }
        int ok = 0;
        int rejected = 0;
        for (var c : calls) {
            HttpResponse<String> r = c.get(120, TimeUnit.SECONDS);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(429, r.statusCode(), r.body());
                assertTrue(r.headers().firstValue("Retry-After").isPresent());
                assertTrue(r.body().contains("rate_limit_error"), r.body());
                rejected++;
            }
        }
        assertTrue(ok >= 4, "the admitted ones answered: " + ok);
        assertTrue(rejected >= 1, "some were rejected: " + rejected);
        Scrape.awaitIdle();
    }

    @Test
    void aClientThatDisconnectsCancelsItsSamples() throws Exception {
        double abortedBefore = Scrape.metric("fastmath_request_success_total", "finished_reason", "abort");
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/v1/solve/stream")).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"problem\": \"Count to a thousand.\", \"n\": 4, \"max_tokens\": 450, \"rule\": \"none\"}"))
                .build();
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            int deltas = 0;
            while ((line = in.readLine()) != null && deltas < 5) {
                deltas += line.startsWith("event:sample_delta") || line.startsWith("event: sample_delta") ? 1 : 0;
            }
            assertNotNull(line, "the stream was open");
        }
        Scrape.awaitIdle();
        assertTrue(Scrape.metric("fastmath_request_success_total", "finished_reason", "abort") >= abortedBefore + 1,
                "the samples were cancelled, not run to their limit");
    }

    @Test
    void tokenBudgetIsReportedAsTheStopReason() {
        given().contentType(ContentType.JSON)
                .body("{\"problem\": \"x\", \"n\": 4, \"max_tokens\": 100, \"token_budget\": 20, \"rule\": \"none\"}")
                .post("/v1/solve").then().statusCode(200).body("stop_reason", startsWith("token_budget"));
    }
}
