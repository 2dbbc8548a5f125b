package ai.fastmath.api.client;

import ai.fastmath.api.SolveBody;
import ai.fastmath.api.SolveResponse;
import ai.fastmath.io.Json;
import ai.fastmath.solve.ProblemSolver;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.SolveResult;
import ai.fastmath.solve.SolveRun;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A FastMath service over REST ({@code POST /v1/solve}) as a {@link ProblemSolver}: 200 and 504 (the
 * deadline's partial vote) are results, 429 is retried after its Retry-After while the request's
 * deadline allows, 4xx is the caller's mistake ({@link IllegalArgumentException} with the service's
 * message), anything else a failure of the run.
 */
public final class RestSolveClient implements ProblemSolver {

    private final URI solve;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fastmath-rest-retry");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param base the service's base URL, e.g. {@code http://127.0.0.1:8080}
     * @param apiKey a bearer token, or null
     */
    public RestSolveClient(URI base, String apiKey) {
        String b = base.toString();
        if (!b.startsWith("http://") && !b.startsWith("https://")) {
            throw new IllegalArgumentException("server: need an http:// or https:// URL, got " + base);
        }
        this.solve = URI.create(b.endsWith("/") ? b + "v1/solve" : b + "/v1/solve");
        this.apiKey = apiKey;
    }

    @Override
    public SolveRun submit(SolveRequest r) {
        long deadlineNanos = r.deadline() == null ? Long.MAX_VALUE : System.nanoTime() + r.deadline().toNanos();
        CompletableFuture<SolveResult> result = new CompletableFuture<>();
        CompletableFuture<?>[] inFlight = new CompletableFuture<?>[1];
        Runnable[] attempt = new Runnable[1];
        attempt[0] = () -> {
            if (result.isDone()) {
                return;
            }
            SolveRequest now = r.deadline() == null ? r
                    : r.withDeadline(Duration.ofNanos(Math.max(1_000_000, deadlineNanos - System.nanoTime())));
            CompletableFuture<HttpResponse<String>> call = http.sendAsync(request(now), HttpResponse.BodyHandlers.ofString());
            inFlight[0] = call;
            call.whenComplete((resp, e) -> {
                if (e != null) {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    result.completeExceptionally(new IllegalStateException(solve + ": " + cause, cause));
                    return;
                }
                int status = resp.statusCode();
                if (status == 429) {
                    long wait = resp.headers().firstValueAsLong("Retry-After").orElse(1) * 1_000_000_000L;
                    if (System.nanoTime() + wait < deadlineNanos) {
                        retries.schedule(attempt[0], wait, TimeUnit.NANOSECONDS);
                    } else {
                        result.completeExceptionally(new IllegalStateException("service overloaded (429) until the deadline"));
                    }
                } else if (status == 200 || status == 504) {
                    try {
                        result.complete(toResult(Json.MAPPER.readValue(resp.body(), SolveResponse.class)));
                    } catch (IOException ex) {
                        result.completeExceptionally(new IllegalStateException("unreadable response: " + ex.getMessage()));
                    }
                } else if (status >= 400 && status < 500) {
                    result.completeExceptionally(new IllegalArgumentException(status + ": " + message(resp.body())));
                } else {
                    result.completeExceptionally(new IllegalStateException(status + ": " + message(resp.body())));
                }
            });
        };
        attempt[0].run();
        // closing the exchange is the client going away: the service cancels the samples
        return SolveRun.of(result, reason -> {
            result.completeExceptionally(new IllegalStateException("cancelled: " + reason));
            if (inFlight[0] != null) {
                inFlight[0].cancel(true);
            }
        });
    }

    /** A request as the REST API takes it (JSON, snake_case; what the request leaves at its default is sent too). */
    public static SolveBody body(SolveRequest r) {
        return new SolveBody(r.problem(), r.systemPrompt(), r.samples(), r.temperature(), r.topP(), r.minP(),
                r.maxTokensPerSample(), r.tokenBudget(), r.deadline() == null ? null : r.deadline().toMillis() / 1000.0,
                r.rule().spec(), r.seed(), r.includeText(), r.answerMode().name().toLowerCase(Locale.ROOT),
                r.fallback().name().toLowerCase(Locale.ROOT), r.maxParallel());
    }

    /** The JSON text of {@link #body}. */
    public static String json(SolveRequest r) {
        try {
            return Json.MAPPER.writeValueAsString(body(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest request(SolveRequest r) {
        HttpRequest.Builder b = HttpRequest.newBuilder(solve).header("Content-Type", "application/json");
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b.POST(HttpRequest.BodyPublishers.ofString(json(r))).build();
    }

    static SolveResult toResult(SolveResponse s) {
        return new SolveResult(s.answer(), s.share(), s.tally(), s.samples(), s.tokens(), s.seconds(), s.started(),
                s.finished(), s.stopReason());
    }

    private static String message(String body) {
        try {
            JsonNode m = Json.MAPPER.readTree(body).path("error").path("message");
            return m.isMissingNode() ? body : m.asText();
        } catch (IOException e) {
            return body;
        }
    }

    @Override
    public String describe() {
        return solve.toString();
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
