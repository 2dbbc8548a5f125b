package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.Fuzz;
import ai.fastmath.api.grpc.v1.SolveRequest;
import ai.fastmath.api.grpc.v1.SolverGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code fastmath.v1.Solver} over a real channel with arbitrary requests: random bytes, damaged
 * messages, and well-formed messages with out-of-range fields. Every call ends OK, INVALID_ARGUMENT or
 * (for a deadline) DEADLINE_EXCEEDED, never INTERNAL or UNKNOWN. Valid requests stay cheap: n and
 * max_tokens are always set, tiny or invalid.
 */
@QuarkusTest
@TestProfile(ServingProfile.class)
class SolveGrpcFuzzTest {

    private static final long SEED = 20261128L;
    private static final Set<Status.Code> EXPECTED = Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.DEADLINE_EXCEEDED);

    private ManagedChannel channel;

    @BeforeEach
    void connect() throws InterruptedException {
        Ready.await();
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.grpc.server.test-port", Integer.class).orElse(9001);
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Sets one field of a request, to a valid value when {@code valid}, else to one it must refuse. */
    private interface Field {
        void set(SolveRequest.Builder b, Random r, boolean valid);
    }

    private static final List<Field> FIELDS = List.of(
            (b, r, ok) -> b.setProblem(ok ? Fuzz.pick(r, "What is 2+3?", "1+1", "caf\u00e9 \uD83D\uDE00")
                    : Fuzz.pick(r, "", "   ", "\u0000", "long ".repeat(20_000), "\uD800")),
            (b, r, ok) -> b.setN(ok ? Fuzz.pick(r, 1, 2) : Fuzz.pick(r, 0, -1, 65, Integer.MAX_VALUE, Integer.MIN_VALUE)),
            (b, r, ok) -> b.setMaxTokens(ok ? Fuzz.pick(r, 1, 2, 4) : Fuzz.pick(r, 0, -3, 100_000, Integer.MAX_VALUE, Integer.MIN_VALUE)),
            (b, r, ok) -> b.setTemperature(ok ? Fuzz.pick(r, 0.0, 0.7, 1.0, 1e-320, Double.MIN_VALUE, -0.0, 1e308)
                    : Fuzz.pick(r, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)),
            (b, r, ok) -> b.setTopP(ok ? Fuzz.pick(r, 0.9, 1.0, Double.MIN_VALUE) : Fuzz.pick(r, 0.0, 1.5, Double.NaN, -0.0)),
            (b, r, ok) -> b.setMinP(ok ? Fuzz.pick(r, 0.05, 0.0, 1.0) : Fuzz.pick(r, 2.0, -1.0, Double.NaN)),
            (b, r, ok) -> b.setTokenBudget(ok ? Fuzz.pick(r, 0L, 3L, Long.MAX_VALUE) : Fuzz.pick(r, -1L, Long.MIN_VALUE)),
            (b, r, ok) -> b.setDeadlineS(ok ? Fuzz.pick(r, 30.0, 1e6) : Fuzz.pick(r, 0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, 1e7)),
            (b, r, ok) -> b.setRule(ok ? Fuzz.pick(r, "none", "beta", "beta:0.9", "unbeatable", "k-of-m:2/3")
                    : Fuzz.pick(r, "beta:2", "k-of-m:9/5", "k-of-m:", "", "x", "beta:NaN")),
            (b, r, ok) -> b.setSeed(r.nextLong()),
            (b, r, ok) -> b.setSystemPrompt(ok ? Fuzz.pick(r, "", "Be brief.") : "x ".repeat(2000)),
            (b, r, ok) -> b.setIncludeText(r.nextBoolean()),
            (b, r, ok) -> b.setAnswerMode(ok ? Fuzz.pick(r, "exact", "aimo", "AIMO") : Fuzz.pick(r, "x", "")),
            (b, r, ok) -> b.setFallback(ok ? Fuzz.pick(r, "none", "last_number") : Fuzz.pick(r, "guess", "")));

    /** A valid cheap request (problem, n, max_tokens and some other fields), then none to three fields out of range. */
    static SolveRequest request(Random r) {
        SolveRequest.Builder b = SolveRequest.newBuilder();
        for (int i = 0; i < FIELDS.size(); i++) {
            if (i < 3 || r.nextInt(5) < 2) {
                FIELDS.get(i).set(b, r, true);
            }
        }
        for (int k = Fuzz.pick(r, 0, 0, 1, 1, 1, 2, 3); k > 0; k--) {
            Fuzz.pick(r, FIELDS).set(b, r, false);
        }
        return b.build();
    }

    /** Bytes on the wire: a request's, damaged or cut, or random. */
    static byte[] bytes(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> {
                byte[] b = new byte[r.nextInt(48)];
                r.nextBytes(b);
                yield b;
            }
            default -> Fuzz.mutate(request(r).toByteArray(), 1 + r.nextInt(3), r);
        };
    }

    @Test
    void wellFormedRequestsWithAnyFieldValues() {
        Fuzz.forAll(SEED, 150, SolveGrpcFuzzTest::request, req -> {
            boolean stream = req.getIncludeText();
            Status.Code code = call(() -> {
                var stub = SolverGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
                if (stream) {
                    Iterator<?> events = stub.solveStream(req);
                    events.forEachRemaining(e -> { });
                } else {
                    stub.solve(req);
                }
            });
            assertTrue(EXPECTED.contains(code), code.toString());
        });
    }

    @Test
    void bytesThatAreNotARequest() {
        MethodDescriptor.Marshaller<byte[]> raw = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                return new byte[0];
            }
        };
        var solve = SolverGrpc.getSolveMethod().toBuilder(raw, raw).build();
        var solveStream = SolverGrpc.getSolveStreamMethod().toBuilder(raw, raw).build();
        Fuzz.forAll(SEED + 1, 150, SolveGrpcFuzzTest::bytes, bytes -> {
            // a damaged request may still parse, without n or max_tokens: the deadline bounds its cost
            CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(2, TimeUnit.SECONDS);
            Status.Code unary = call(() -> ClientCalls.blockingUnaryCall(channel, solve, options, bytes));
            Status.Code streamed = call(() -> ClientCalls.blockingServerStreamingCall(channel, solveStream, options, bytes)
                    .forEachRemaining(e -> { }));
            assertTrue(EXPECTED.contains(unary), "Solve: " + unary);
            assertTrue(EXPECTED.contains(streamed), "SolveStream: " + streamed);
        });
    }

    private static Status.Code call(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            if (!EXPECTED.contains(e.getStatus().getCode())) {
                throw new AssertionError(e.getStatus().toString(), e);
            }
            return e.getStatus().getCode();
        }
    }
}
