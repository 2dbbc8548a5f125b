package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A problem whose deadline passes while it waits for a slot is answered at its deadline (504, an
 * empty vote ended by the deadline), not once a slot frees; one refused at once (429) is never
 * counted as a deadline later.
 */
@QuarkusTest
@TestProfile(ServingProfile.class)
class SolveQueueDeadlineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void ready() throws InterruptedException {
        Ready.await();
        Scrape.awaitIdle();
    }

    private CompletableFuture<HttpResponse<String>> solve(String body) {
        return http.sendAsync(HttpRequest.newBuilder(base.resolve("/v1/solve")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aProblemStillQueuedAtItsDeadlineIsAnsweredThen() throws Exception {
        // the profile runs 2 problems at once and queues 2: two long ones take the slots
        List<CompletableFuture<HttpResponse<String>>> long_ = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            long_.add(solve("{\"problem\": \"Count to a thousand.\", \"n\": 8, \"max_tokens\": 450, \"rule\": \"none\", \"seed\": " + i + "}"));
        }
        Thread.sleep(500);
        double deadlinesBefore = Scrape.metric("fastmath_solve_requests_total", "stop_reason", "deadline");
        long t0 = System.nanoTime();
        HttpResponse<String> late = solve("{\"problem\": \"1+1\", \"n\": 2, \"deadline_s\": 1.0}").get(30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(504, late.statusCode(), late.body());
        JsonNode body = JSON.readTree(late.body());
        assertEquals("deadline", body.path("stop_reason").asText(), late.body());
        assertEquals(0, body.path("samples").size(), "no sample ran: " + late.body());
        assertTrue(seconds < 2.5, "answered at its deadline, not when a slot freed: " + seconds + " s");
        assertTrue(long_.stream().noneMatch(CompletableFuture::isDone), "the long ones still held the slots");

        // a third and fourth queue behind them; the fifth is refused at once and its deadline timer stays quiet
        List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            more.add(solve("{\"problem\": \"1+1\", \"n\": 2, \"deadline_s\": 1.0}"));
        }
        int refused = 0;
        int deadlines = 1;
        for (CompletableFuture<HttpResponse<String>> f : more) {
            int status = f.get(30, TimeUnit.SECONDS).statusCode();
            refused += status == 429 ? 1 : 0;
            deadlines += status == 504 ? 1 : 0;
        }
        for (CompletableFuture<HttpResponse<String>> f : long_) {
            assertEquals(200, f.get(120, TimeUnit.SECONDS).statusCode());
        }
        Thread.sleep(1500); // past the refused one's deadline
        assertTrue(refused >= 1, "one was refused");
        assertEquals(deadlinesBefore + deadlines, Scrape.metric("fastmath_solve_requests_total", "stop_reason", "deadline"),
                "one deadline vote per 504 answered; none for a request refused at once");
    }
}
