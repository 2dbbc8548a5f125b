package ai.fastmath.api.load;

import ai.fastmath.api.client.GrpcSolveClient;
import ai.fastmath.api.client.RestSolveClient;
import ai.fastmath.api.client.ServerSentEvents;
import ai.fastmath.api.grpc.v1.SolveEvent;
import ai.fastmath.api.grpc.v1.SolveRequest;
import ai.fastmath.api.grpc.v1.SolveResponse;
import ai.fastmath.api.grpc.v1.SolverGrpc;
import ai.fastmath.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Sends one request of each kind and says what came back: the JDK's HttpClient for REST and SSE,
 * grpc-java for gRPC. Solve requests are built by the solve clients ({@link RestSolveClient#json},
 * {@link GrpcSolveClient#message}) and streams read by {@link ServerSentEvents}: one client per protocol. A dropped stream is dropped by closing the response body (REST) or cancelling the
 * call's context (gRPC), as a client that goes away does.
 */
final class LoadClient implements AutoCloseable {

    /** One request: what to ask, its deadline (seconds, or null), and after how many events to drop it (0: never). */
    record Call(RequestKind kind, String problem, int samples, int maxTokens, long seed, Double deadlineS, int dropAfter) {}

    private final URI base;
    private final HttpClient http;
    private final ManagedChannel channel; // null without gRPC
    private final Duration requestTimeout;
    private final ObjectMapper json = Json.MAPPER;

    LoadClient(URI base, int grpcPort, Duration requestTimeout) {
        this.base = base;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        this.channel = grpcPort <= 0 ? null
                : ManagedChannelBuilder.forAddress(base.getHost().replace("[", "").replace("]", ""), grpcPort).usePlaintext().build();
    }

    Outcome send(Call c) {
        long t0 = System.nanoTime();
        try {
            return switch (c.kind()) {
                case SOLVE -> solve(c, t0);
                case STREAM -> solveStream(c, t0);
                case COMPLETION, CHAT -> completion(c, t0);
                case CHAT_STREAM -> chatStream(c, t0);
                case GRPC -> grpc(c, t0);
                case GRPC_STREAM -> grpcStream(c, t0);
            };
        } catch (HttpTimeoutException e) {
            return outcome(c, "timeout", t0, 0, false, e.getMessage());
        } catch (IOException e) {
            return outcome(c, "io_error", t0, 0, false, String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return outcome(c, "io_error", t0, 0, false, "interrupted");
        }
    }

    private static Outcome outcome(Call c, String code, long t0, long tokens, boolean retryAfter, String detail) {
        return new Outcome(c.kind(), code, (System.nanoTime() - t0) / 1e9, tokens, retryAfter, detail);
    }

    /** The client gives up at the deadline plus a margin for the answer to arrive, or at the request timeout. */
    private Duration timeout(Call c) {
        return c.deadlineS() == null ? requestTimeout : Duration.ofMillis(Math.round(c.deadlineS() * 1000) + 5_000);
    }

    /** The solve request of a call, as the REST and gRPC clients send it (the Beta rule, seeded). */
    private static ai.fastmath.solve.SolveRequest request(Call c) {
        return ai.fastmath.solve.SolveRequest.builder(c.problem()).samples(c.samples()).maxTokensPerSample(c.maxTokens())
                .seed(c.seed()).deadline(c.deadlineS() == null ? null : Duration.ofMillis(Math.round(c.deadlineS() * 1000)))
                .build();
    }

    private HttpRequest post(String path, String body, Call c) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout(c)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private Outcome solve(Call c, long t0) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(post("/v1/solve", RestSolveClient.json(request(c)), c), HttpResponse.BodyHandlers.ofString());
        long tokens = r.statusCode() == 200 || r.statusCode() == 504 ? json.readTree(r.body()).path("tokens").asLong() : 0;
        return outcome(c, String.valueOf(r.statusCode()), t0, tokens, r.headers().firstValue("Retry-After").isPresent(),
                r.statusCode() == 200 ? null : excerpt(r.body()));
    }

    private Outcome completion(Call c, long t0) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode().put("max_tokens", c.maxTokens()).put("seed", c.seed()).put("temperature", 1.0);
        String path;
        if (c.kind() == RequestKind.CHAT) {
            body.putArray("messages").addObject().put("role", "user").put("content", c.problem());
            path = "/v1/chat/completions";
        } else {
            body.put("prompt", c.problem());
            path = "/v1/completions";
        }
        HttpResponse<String> r = http.send(post(path, body.toString(), c), HttpResponse.BodyHandlers.ofString());
        long tokens = r.statusCode() == 200 ? json.readTree(r.body()).path("usage").path("completion_tokens").asLong() : 0;
        return outcome(c, String.valueOf(r.statusCode()), t0, tokens, r.headers().firstValue("Retry-After").isPresent(),
                r.statusCode() == 200 ? null : excerpt(r.body()));
    }

    /** {@code /v1/solve/stream}: sample_delta events until the result (or error) event. */
    private Outcome solveStream(Call c, long t0) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(post("/v1/solve/stream", RestSolveClient.json(request(c)), c),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            return refused(c, t0, r);
        }
        try (InputStream in = r.body()) {
            int[] deltas = {0};
            Outcome[] end = {null};
            ServerSentEvents.read(in, (event, data) -> {
                switch (event) {
                    case "sample_delta" -> deltas[0]++;
                    case "result" -> end[0] = outcome(c, "200", t0, json.readTree(data).path("tokens").asLong(), false, null);
                    case "error" -> end[0] = outcome(c, "stream_error", t0, deltas[0], false, excerpt(data));
                    default -> { }
                }
                if (end[0] == null && c.dropAfter() > 0 && deltas[0] >= c.dropAfter()) {
                    end[0] = outcome(c, "disconnected", t0, deltas[0], false, null); // closing the body drops the connection
                }
                return end[0] == null;
            });
            return end[0] != null ? end[0] : outcome(c, "truncated", t0, deltas[0], false, "the stream ended without a result event");
        }
    }

    /** Chat completions with {@code "stream": true}: chunks until {@code data: [DONE]}. */
    private Outcome chatStream(Call c, long t0) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode().put("max_tokens", c.maxTokens()).put("seed", c.seed()).put("temperature", 1.0)
                .put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.putArray("messages").addObject().put("role", "user").put("content", c.problem());
        HttpResponse<InputStream> r = http.send(post("/v1/chat/completions", body.toString(), c), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            return refused(c, t0, r);
        }
        try (InputStream in = r.body()) {
            int[] chunks = {0};
            long[] tokens = {0};
            Outcome[] end = {null};
            ServerSentEvents.read(in, (event, data) -> {
                if (data.equals("[DONE]")) {
                    end[0] = outcome(c, "200", t0, tokens[0] > 0 ? tokens[0] : chunks[0], false, null);
                    return false;
                }
                JsonNode chunk = json.readTree(data);
                if (chunk.has("error")) {
                    end[0] = outcome(c, "stream_error", t0, chunks[0], false, excerpt(data));
                    return false;
                }
                tokens[0] = chunk.path("usage").path("completion_tokens").asLong(tokens[0]);
                chunks[0]++;
                if (c.dropAfter() > 0 && chunks[0] >= c.dropAfter()) {
                    end[0] = outcome(c, "disconnected", t0, chunks[0], false, null);
                    return false;
                }
                return true;
            });
            return end[0] != null ? end[0] : outcome(c, "truncated", t0, chunks[0], false, "the stream ended without [DONE]");
        }
    }

    private Outcome refused(Call c, long t0, HttpResponse<InputStream> r) throws IOException {
        try (InputStream in = r.body()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return outcome(c, String.valueOf(r.statusCode()), t0, 0, r.headers().firstValue("Retry-After").isPresent(),
                    excerpt(body));
        }
    }

    private static SolveRequest message(Call c) {
        return GrpcSolveClient.message(request(c));
    }

    private <S extends io.grpc.stub.AbstractStub<S>> S withTimeout(S stub, Call c) {
        return stub.withDeadlineAfter(timeout(c).toMillis(), TimeUnit.MILLISECONDS);
    }

    private Outcome grpc(Call c, long t0) {
        try {
            SolveResponse r = withTimeout(SolverGrpc.newBlockingStub(channel), c).solve(message(c));
            return outcome(c, "OK", t0, r.getTokens(), false, null);
        } catch (StatusRuntimeException e) {
            return grpcError(c, t0, e);
        }
    }

    private Outcome grpcStream(Call c, long t0) {
        Context.CancellableContext call = Context.current().withCancellation();
        try {
            return call.call(() -> {
                Iterator<SolveEvent> events = withTimeout(SolverGrpc.newBlockingStub(channel), c).solveStream(message(c));
                int deltas = 0;
                while (events.hasNext()) {
                    SolveEvent e = events.next();
                    if (e.hasResult()) {
                        return outcome(c, "OK", t0, e.getResult().getTokens(), false, null);
                    }
                    if (e.hasSampleDelta() && ++deltas >= c.dropAfter() && c.dropAfter() > 0) {
                        call.cancel(null); // the client goes away: the server sees the call cancelled
                        return outcome(c, "disconnected", t0, deltas, false, null);
                    }
                }
                return outcome(c, "truncated", t0, deltas, false, "the stream ended without a result");
            });
        } catch (StatusRuntimeException e) {
            return grpcError(c, t0, e);
        } catch (Exception e) {
            return outcome(c, "io_error", t0, 0, false, String.valueOf(e));
        } finally {
            call.cancel(null);
        }
    }

    private static Outcome grpcError(Call c, long t0, StatusRuntimeException e) {
        Status s = e.getStatus();
        String code = s.getCode().name();
        if (s.getCode() == Status.Code.DEADLINE_EXCEEDED && (s.getDescription() == null || !s.getDescription().contains("ended the vote"))) {
            code = "timeout"; // the client's own deadline, not the server's answer with a partial vote
        }
        return outcome(c, code, t0, 0, false, s.getDescription());
    }

    private static String excerpt(String body) {
        return body == null ? null : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
        // Java 17's HttpClient has no close: its threads end with the last reference
    }
}
