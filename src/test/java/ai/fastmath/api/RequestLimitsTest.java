package ai.fastmath.api;

import static ai.fastmath.api.SecuredProfile.API_KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.api.grpc.v1.SolveRequest;
import ai.fastmath.api.grpc.v1.SolverGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Request size limits with clear errors: the HTTP body (413), prompt tokens, n and max_tokens (400
 * naming the field; SecuredProfile sets them low), and gRPC's inbound message size.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class RequestLimitsTest {

    /** Over the shipped 1M body limit (application.properties). */
    private static final String HUGE = "x".repeat(1_100_000);
    /** Few bytes, many tokens: over SecuredProfile.MAX_PROMPT_TOKENS, far under the body limit. */
    private static final String LONG_PROBLEM = "1 + ".repeat(200) + "1 = ?";

    private ManagedChannel channel;

    @BeforeEach
    void ready() throws InterruptedException {
        Ready.await();
        channel = ManagedChannelBuilder.forAddress("localhost", TestPorts.grpc()).usePlaintext().build();
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static RequestSpecification authorized() {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + API_KEY);
    }

    @Test
    void bodyOverTheLimitIs413InTheErrorShape() {
        for (String path : new String[] {"/v1/solve", "/v1/solve/stream", "/v1/completions"}) {
            authorized().body("{\"problem\": \"" + HUGE + "\"}").post(path).then().statusCode(413)
                    .contentType(ContentType.JSON)
                    .body("error.type", equalTo("invalid_request_error"))
                    .body("error.code", equalTo(413))
                    .body("error.message", containsString("quarkus.http.limits.max-body-size"));
        }
        authorized().body("{\"problem\": \"What is 1+1?\", \"max_tokens\": 2, \"n\": 1}").post("/v1/solve").then().statusCode(200);
    }

    @Test
    void promptTokensOverTheLimitAre400NamingTheField() {
        authorized().body("{\"problem\": \"" + LONG_PROBLEM + "\", \"max_tokens\": 2}").post("/v1/solve").then().statusCode(400)
                .body("error.param", equalTo("problem"))
                .body("error.message", containsString("fastmath.limits.max-prompt-tokens"));
        authorized().body("{\"prompt\": \"" + LONG_PROBLEM + "\", \"max_tokens\": 2}").post("/v1/completions").then().statusCode(400)
                .body("error.param", equalTo("prompt"));
        authorized().body("{\"messages\": [{\"role\": \"user\", \"content\": \"" + LONG_PROBLEM + "\"}], \"max_tokens\": 2}")
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.param", equalTo("messages"));
    }

    @Test
    void nAndMaxTokensFollowTheirConfiguredMaximums() {
        int n = SecuredProfile.MAX_N;
        int tokens = SecuredProfile.MAX_TOKENS;
        authorized().body("{\"problem\": \"1+1\", \"max_tokens\": 2, \"n\": " + (n + 1) + "}").post("/v1/solve").then().statusCode(400)
                .body("error.param", equalTo("n")).body("error.message", containsString("1.." + n));
        authorized().body("{\"prompt\": \"1+1\", \"max_tokens\": 2, \"n\": " + (n + 1) + "}").post("/v1/completions").then().statusCode(400)
                .body("error.param", equalTo("n"));
        authorized().body("{\"problem\": \"1+1\", \"max_tokens\": " + (tokens + 1) + "}").post("/v1/solve").then().statusCode(400)
                .body("error.param", equalTo("max_tokens")).body("error.message", containsString("fastmath.limits.max-tokens"));
        authorized().body("{\"messages\": [{\"role\": \"user\", \"content\": \"1+1\"}], \"max_completion_tokens\": " + (tokens + 1) + "}")
                .post("/v1/chat/completions").then().statusCode(400).body("error.param", equalTo("max_completion_tokens"));
        // at the limits, and the defaults are lowered to them (n 8 -> 4, max_tokens 2048 -> 32)
        authorized().body("{\"problem\": \"1+1\", \"max_tokens\": " + tokens + ", \"n\": " + n + ", \"rule\": \"none\"}")
                .post("/v1/solve").then().statusCode(200).body("started", equalTo(n));
        authorized().body("{\"problem\": \"1+1\", \"rule\": \"none\"}").post("/v1/solve").then().statusCode(200)
                .body("started", equalTo(n));
    }

    private SolverGrpc.SolverBlockingStub solver() {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + API_KEY);
        return SolverGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
    }

    @Test
    void grpcRefusesOversizedMessagesAndLongPrompts() {
        StatusRuntimeException big = assertThrows(StatusRuntimeException.class,
                () -> solver().solve(SolveRequest.newBuilder().setProblem(HUGE).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, big.getStatus().getCode(), big.getStatus().toString());
        assertTrue(big.getStatus().getDescription() != null && big.getStatus().getDescription().contains("size"),
                big.getStatus().toString());
        StatusRuntimeException longPrompt = assertThrows(StatusRuntimeException.class,
                () -> solver().solve(SolveRequest.newBuilder().setProblem(LONG_PROBLEM).setMaxTokens(2).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, longPrompt.getStatus().getCode());
        assertTrue(longPrompt.getStatus().getDescription().startsWith("problem:"), longPrompt.getStatus().toString());
    }
}
