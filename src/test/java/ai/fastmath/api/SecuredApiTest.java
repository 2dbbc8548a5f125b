package ai.fastmath.api;

import static ai.fastmath.api.SecuredProfile.ADMIN_KEY;
import static ai.fastmath.api.SecuredProfile.API_KEY;
import static ai.fastmath.api.SecuredProfile.OTHER_API_KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.api.client.GrpcSolveClient;
import ai.fastmath.api.client.RestSolveClient;
import ai.fastmath.api.grpc.v1.SolveRequest;
import ai.fastmath.api.grpc.v1.SolveResponse;
import ai.fastmath.api.grpc.v1.SolverGrpc;
import ai.fastmath.cli.FastMathCommand;
import ai.fastmath.solve.ProblemSolver;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** API keys over REST, SSE, OpenAI, admin and gRPC; what stays open; and that no key reaches a log or an error. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class SecuredApiTest {

    private static final String SOLVE = "{\"problem\": \"What is 1+1?\", \"n\": 2, \"max_tokens\": 4, \"seed\": 1, \"rule\": \"none\"}";
    private static final String COMPLETION = "{\"prompt\": \"1+1=\", \"max_tokens\": 3}";
    private static final String CHAT = "{\"messages\": [{\"role\": \"user\", \"content\": \"1+1?\"}], \"max_tokens\": 3}";
    private static final String WRONG_KEY = "fm-wrong-key-that-must-not-echo-3Hd";

    @TestHTTPResource("/")
    URI base;

    private ManagedChannel channel;

    @BeforeEach
    void ready() throws InterruptedException {
        Ready.await(); // readiness is open with keys on
        channel = ManagedChannelBuilder.forAddress("localhost", TestPorts.grpc()).usePlaintext().build();
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static RequestSpecification as(String key) {
        RequestSpecification r = given().contentType(ContentType.JSON);
        return key == null ? r : r.header("Authorization", "Bearer " + key);
    }

    private static void assertUnauthenticated(Response r) {
        r.then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .contentType(ContentType.JSON)
                .body("error.type", equalTo("authentication_error"))
                .body("error.code", equalTo(401));
    }

    @Test
    void restSseAndOpenAiNeedAnApiKey() {
        for (String key : new String[] {null, WRONG_KEY, ADMIN_KEY.substring(1)}) {
            assertUnauthenticated(as(key).body(SOLVE).post("/v1/solve"));
            assertUnauthenticated(as(key).accept("text/event-stream").body(SOLVE).post("/v1/solve/stream"));
            assertUnauthenticated(as(key).body(COMPLETION).post("/v1/completions"));
            assertUnauthenticated(as(key).body(CHAT).post("/v1/chat/completions"));
            assertUnauthenticated(as(key).get("/v1/models"));
        }
        as(null).body(SOLVE).post("/v1/solve").then().body("error.message", containsString("Authorization: Bearer"));
        // not Bearer, or Bearer with nothing: no key
        assertUnauthenticated(given().contentType(ContentType.JSON).header("Authorization", "Basic " + API_KEY).body(SOLVE).post("/v1/solve"));
        assertUnauthenticated(given().contentType(ContentType.JSON).header("Authorization", "Bearer ").body(SOLVE).post("/v1/solve"));

        as(API_KEY).body(SOLVE).post("/v1/solve").then().statusCode(200).body("finished", equalTo(2));
        as(OTHER_API_KEY).body(SOLVE).post("/v1/solve").then().statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", "bearer  " + API_KEY + " ").body(SOLVE).post("/v1/solve")
                .then().statusCode(200);
        Response sse = as(API_KEY).accept("text/event-stream").body(SOLVE).post("/v1/solve/stream");
        assertEquals(200, sse.statusCode(), sse.asString());
        assertTrue(sse.asString().contains("event:result"), sse.asString());
        as(API_KEY).body(COMPLETION).post("/v1/completions").then().statusCode(200).body("object", equalTo("text_completion"));
        as(API_KEY).body(CHAT).post("/v1/chat/completions").then().statusCode(200).body("object", equalTo("chat.completion"));
        as(API_KEY).get("/v1/models").then().statusCode(200).body("data[0].status", equalTo("serving"));
        as(ADMIN_KEY).get("/v1/models").then().statusCode(200); // the admin key may do what an API key may
    }

    @Test
    void refusedBeforeTheBodyIsRead() {
        assertUnauthenticated(as(null).body("{not json").post("/v1/solve"));
        assertUnauthenticated(as(WRONG_KEY).body("{\"unknown_field\": 1}").post("/v1/completions"));
    }

    @Test
    void adminNeedsTheAdminKey() {
        String body = "{\"path\": \"tiny-a\"}";
        assertUnauthenticated(as(null).body(body).post("/v1/admin/models/load"));
        assertUnauthenticated(as(WRONG_KEY).body(body).post("/v1/admin/models/load"));
        as(API_KEY).body(body).post("/v1/admin/models/load").then().statusCode(403)
                .body("error.type", equalTo("permission_error"))
                .body("error.message", containsString("admin key"));
        as(ADMIN_KEY).body(body).post("/v1/admin/models/load").then().statusCode(200)
                .body("id", equalTo("tiny-a")).body("status", equalTo("serving"));
    }

    @Test
    void cliAdminLoadSendsTheAdminKey() {
        String dir = SecuredProfile.ROOT.resolve("tiny-a").toString();
        StringWriter err = new StringWriter();
        assertEquals(1, cli(err, "admin", "load-model", dir, "--server", base.toString()));
        assertTrue(err.toString().contains("401"), err.toString());
        err = new StringWriter();
        assertEquals(1, cli(err, "admin", "load-model", dir, "--server", base.toString(), "--admin-key", API_KEY));
        assertTrue(err.toString().contains("403"), err.toString());
        err = new StringWriter();
        assertEquals(0, cli(err, "admin", "load-model", dir, "--server", base.toString(), "--admin-key", ADMIN_KEY), err.toString());
    }

    private static int cli(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new FastMathCommand());
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void healthMetricsAndThePlaygroundStayOpen() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("fastmath_num_requests_running"));
        given().get("/playground/").then().statusCode(200).body(containsString("api-key"));
        given().get("/playground/api.js").then().statusCode(200).body(containsString("Authorization"));
    }

    private SolverGrpc.SolverBlockingStub solver(String key) {
        SolverGrpc.SolverBlockingStub s = SolverGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        if (key == null) {
            return s;
        }
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        return s.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
    }

    @Test
    void grpcNeedsAnApiKeyButHealthIsOpen() {
        SolveRequest req = SolveRequest.newBuilder().setProblem("What is 2+3?").setN(2).setMaxTokens(4).setSeed(5).setRule("none").build();
        for (String key : new String[] {null, WRONG_KEY}) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> solver(key).solve(req));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("API key"), e.getStatus().getDescription());
            StatusRuntimeException s = assertThrows(StatusRuntimeException.class, () -> solver(key).solveStream(req).hasNext());
            assertEquals(Status.Code.UNAUTHENTICATED, s.getStatus().getCode());
        }
        SolveResponse r = solver(API_KEY).solve(req);
        assertEquals(2, r.getFinished());
        HealthOuterClass.HealthCheckResponse h = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthOuterClass.HealthCheckRequest.newBuilder().setService("fastmath.v1.Solver").build());
        assertEquals(HealthOuterClass.HealthCheckResponse.ServingStatus.SERVING, h.getStatus());
    }

    @Test
    void evalClientsSendTheApiKey() throws Exception {
        ai.fastmath.solve.SolveRequest r = ai.fastmath.solve.SolveRequest.of("What is 1+1?", 4).withSamples(2);
        try (ProblemSolver rest = new RestSolveClient(base, API_KEY); ProblemSolver grpc = new GrpcSolveClient("localhost:" + TestPorts.grpc(), API_KEY)) {
            assertEquals(2, rest.submit(r).result().get(60, TimeUnit.SECONDS).samples().size());
            assertEquals(2, grpc.submit(r).result().get(60, TimeUnit.SECONDS).samples().size());
        }
        try (ProblemSolver rest = new RestSolveClient(base, null); ProblemSolver grpc = new GrpcSolveClient("localhost:" + TestPorts.grpc())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> rest.submit(r).result().get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().startsWith("401"), e.getCause().getMessage());
            e = assertThrows(ExecutionException.class, () -> grpc.submit(r).result().get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("UNAUTHENTICATED"), e.getCause().getMessage());
        }
    }

    /** Every log record (DEBUG for HTTP, REST and gRPC in this profile, plus the access log) as text. */
    static final class Captured extends Handler {
        final List<String> lines = new ArrayList<>();
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public synchronized void publish(LogRecord r) {
            StringWriter trace = new StringWriter();
            if (r.getThrown() != null) {
                r.getThrown().printStackTrace(new PrintWriter(trace));
            }
            lines.add(r.getLoggerName() + " " + format.formatMessage(r) + " " + trace);
        }

        synchronized String all() {
            return String.join("\n", lines);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void keysNeverReachALogOrAnErrorBody() throws InterruptedException {
        Captured log = new Captured();
        log.setLevel(java.util.logging.Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(log);
        StringBuilder bodies = new StringBuilder();
        try {
            bodies.append(as(WRONG_KEY).body(SOLVE).post("/v1/solve").asString());
            bodies.append(as(WRONG_KEY).accept("text/event-stream").body(SOLVE).post("/v1/solve/stream").asString());
            bodies.append(as(WRONG_KEY).body(CHAT).post("/v1/chat/completions").asString());
            bodies.append(as(API_KEY).body("{\"path\": \"tiny-a\"}").post("/v1/admin/models/load").asString());
            bodies.append(as(ADMIN_KEY).body("{\"path\": \"../outside/tiny-x\"}").post("/v1/admin/models/load").asString());
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> solver(WRONG_KEY).solve(SolveRequest.newBuilder().setProblem("1+1").build()));
            bodies.append(e.getStatus());
            long until = System.nanoTime() + 5_000_000_000L; // the access log line is written as the response ends
            while (!log.all().contains("/v1/admin/models/load") && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        } finally {
            root.removeHandler(log);
        }
        String logged = log.all();
        assertTrue(logged.contains("/v1/solve"), "the handler saw the access log, so it would see a key: " + logged);
        for (String secret : List.of(WRONG_KEY, API_KEY, ADMIN_KEY)) {
            assertFalse(logged.contains(secret), "a key in the log:\n" + logged);
            assertFalse(bodies.toString().contains(secret), "a key in an error: " + bodies);
        }
    }
}
