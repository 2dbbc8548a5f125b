package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.api.grpc.SolverGrpcService;
import ai.fastmath.api.grpc.v1.SolveRequest;
import ai.fastmath.api.grpc.v1.SolveResponse;
import ai.fastmath.api.grpc.v1.SolverGrpc;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to the packaged service while it is busy: it stops accepting (503 + Retry-After, gRPC
 * UNAVAILABLE, readiness DOWN), answers every request it had accepted (finished, or cut at the grace
 * period with the partial vote), and exits within the grace period.
 */
class ServeShutdownIT {

    private static final int GRACE_S = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one accepted request got: how it ended and whether that counts as answered, and as cut. */
    record Answer(String what, boolean answered, boolean cut) {}

    @Test
    void sigtermAnswersEveryAcceptedRequestRefusesNewOnesAndExitsWithinTheGracePeriod() throws Exception {
        // two problems at a time on the engine, the rest queued: far more work than the grace period holds
        Map<String, String> env = Map.of("QUARKUS_SHUTDOWN_TIMEOUT", GRACE_S + "s", "FASTMATH_SOLVE_MAX_CONCURRENT", "2");
        try (PackagedServer server = PackagedServer.start(env, PackagedServer.logFile("serve-shutdown.log"))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort).usePlaintext().build();
            ExecutorService clients = Executors.newCachedThreadPool();
            List<Future<Answer>> accepted = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int k = i;
                Callable<Answer> call = switch (i % 4) {
                    case 0, 1 -> () -> restSolve(http, server, k);
                    case 2 -> () -> sseSolve(http, server, k);
                    default -> () -> grpcSolve(channel, k);
                };
                accepted.add(clients.submit(() -> answered(call)));
            }
            accepted.add(clients.submit(() -> answered(() -> chatStream(http, server))));
            Thread.sleep(3000); // every request is in: running, or queued for a slot
            assertTrue(accepted.stream().filter(f -> !f.isDone()).count() > 4, "the service is busy when SIGTERM comes");

            long term = System.nanoTime();
            server.process.destroy(); // SIGTERM
            long until = System.nanoTime() + 5_000_000_000L;
            while (server.readiness(http) != 503 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertEquals(503, server.readiness(http), "readiness DOWN once shutdown begins");

            HttpResponse<String> refused = http.send(post(server, "/v1/solve", "{\"problem\": \"1+1\", \"n\": 1}"),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("shutting_down", JSON.readTree(refused.body()).path("error").path("type").asText(), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "503 says when to retry");
            HttpResponse<String> refusedChat = http.send(post(server, "/v1/chat/completions",
                    "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refusedChat.statusCode(), refusedChat.body());
            StatusRuntimeException grpcRefused = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                    () -> SolverGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .solve(SolveRequest.newBuilder().setProblem("1+1").setN(1).build()));
            assertEquals(Status.Code.UNAVAILABLE, grpcRefused.getStatus().getCode());

            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : accepted) {
                answers.add(f.get(GRACE_S + 30, TimeUnit.SECONDS));
            }
            assertTrue(server.process.waitFor(GRACE_S + 15, TimeUnit.SECONDS), "the process exits");
            double exitS = (System.nanoTime() - term) / 1e9;
            clients.shutdownNow();
            channel.shutdownNow();
            String log = server.logText();
            for (Answer a : answers) {
                assertTrue(a.answered(), "every accepted request is answered: " + a + "\n" + server.logTail());
            }
            assertTrue(answers.stream().anyMatch(Answer::cut), "the grace period ended some work: " + answers);
            assertTrue(log.contains("grace period ending: cutting"), log);
            // the process ends within the grace period (plus the JVM's own exit)
            assertTrue(exitS < GRACE_S + 3, "exited " + exitS + " s after SIGTERM; grace " + GRACE_S + " s\n" + server.logTail());
            assertTrue(!log.contains("Timed out waiting for graceful shutdown"), "Quarkus did not have to cut HTTP requests itself");
        }
    }

    /** A request that ends in an exception (a connection closed mid-body) is not answered. */
    private static Answer answered(Callable<Answer> call) {
        try {
            return call.call();
        } catch (Exception e) {
            return new Answer("no answer: " + e, false, false);
        }
    }

    private static HttpRequest post(PackagedServer server, String path, String body) {
        return HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(GRACE_S + 30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String problem(int k) {
        return "{\"problem\": \"Compute " + (10 + k) + " + " + (30 + k) + ".\", \"n\": 16, \"rule\": \"none\", \"max_tokens\": 600, \"seed\": " + k + "}";
    }

    /** 200 (finished), or 503 with the partial vote (cut) or the shutting_down error (cut while queued). */
    private static Answer restSolve(HttpClient http, PackagedServer server, int k) throws Exception {
        HttpResponse<String> r = http.send(post(server, "/v1/solve", problem(k)), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        String stop = body.path("stop_reason").asText(body.path("error").path("type").asText());
        boolean cut = r.statusCode() == 503 && (stop.equals("shutdown") || stop.equals("shutting_down"))
                && r.headers().firstValue("Retry-After").isPresent();
        return new Answer("rest " + r.statusCode() + " " + stop, r.statusCode() == 200 || cut, cut);
    }

    /** A stream that ends with its result event (stop_reason shutdown when cut), or a 503 if cut while queued. */
    private static Answer sseSolve(HttpClient http, PackagedServer server, int k) throws Exception {
        HttpResponse<String> r = http.send(post(server, "/v1/solve/stream", problem(k)), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 503) {
            return new Answer("sse 503 " + r.body(), true, true);
        }
        int at = r.body().lastIndexOf("event:result");
        String stop = at < 0 ? "none" : JSON.readTree(r.body().substring(r.body().indexOf("data:", at) + 5).lines().findFirst()
                .orElse("{}")).path("stop_reason").asText();
        return new Answer("sse " + r.statusCode() + " result " + stop, r.statusCode() == 200 && at >= 0, stop.equals("shutdown"));
    }

    /** OK, or UNAVAILABLE with the partial vote in the trailer (cut) or the refusal (cut while queued). */
    private static Answer grpcSolve(ManagedChannel channel, int k) {
        try {
            SolveResponse r = SolverGrpc.newBlockingStub(channel).withDeadlineAfter(GRACE_S + 30, TimeUnit.SECONDS)
                    .solve(SolveRequest.newBuilder().setProblem("Compute " + (10 + k) + " + 7.").setN(16).setRule("none")
                            .setMaxTokens(600).setSeed(k).build());
            return new Answer("grpc OK " + r.getStopReason(), true, false);
        } catch (StatusRuntimeException e) {
            Metadata trailers = e.getTrailers();
            boolean partial = trailers != null && trailers.get(SolverGrpcService.PARTIAL_RESULT) != null;
            boolean unavailable = e.getStatus().getCode() == Status.Code.UNAVAILABLE;
            return new Answer("grpc " + e.getStatus(), unavailable, unavailable && (partial || e.getMessage().contains("shut")));
        }
    }

    /** An OpenAI stream that ends with [DONE] (its choices aborted when cut). */
    private static Answer chatStream(HttpClient http, PackagedServer server) throws Exception {
        HttpResponse<String> r = http.send(post(server, "/v1/chat/completions",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Count to one thousand.\"}], \"n\": 4, \"max_tokens\": 1000, "
                        + "\"stream\": true}"), HttpResponse.BodyHandlers.ofString());
        boolean done = r.body().strip().endsWith("data: [DONE]");
        return new Answer("chat stream " + r.statusCode() + (done ? " [DONE]" : " no [DONE]"), r.statusCode() == 200 && done,
                r.body().contains("\"finish_reason\":\"abort\""));
    }
}
