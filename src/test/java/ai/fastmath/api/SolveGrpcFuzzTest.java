package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * messages, and well-formed messages with out-of-range fields. A well-formed request whose fields are
 * all valid ends OK; one with a field set out of range ends INVALID_ARGUMENT naming a spoiled field.
 * Bytes that are not a request end OK, INVALID_ARGUMENT or (for a deadline) DEADLINE_EXCEEDED, never
 * INTERNAL or UNKNOWN. Valid requests stay cheap: n and max_tokens are always set, tiny or invalid.
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
    private interface Setter {
        void set(SolveRequest.Builder b, Random r, boolean valid);
    }

    /** A field by its proto name; {@code spoilable}: it has values the service must refuse. */
    private record Field(String name, boolean spoilable, Setter setter) {
        void set(SolveRequest.Builder b, Random r, boolean valid) {
            setter.set(b, r, valid);
        }
    }

    private static Field field(String name, Setter setter) {
        return new Field(name, true, setter);
    }

    private static final List<Field> FIELDS = List.of(
            field("problem", (b, r, ok) -> b.setProblem(ok ? Fuzz.pick(r, "What is 2+3?", "1+1", "caf\u00e9 \uD83D\uDE00")
                    : Fuzz.pick(r, "", "   ", "long ".repeat(20_000)))),
            field("n", (b, r, ok) -> b.setN(ok ? Fuzz.pick(r, 1, 2) : Fuzz.pick(r, 0, -1, 65, Integer.MAX_VALUE, Integer.MIN_VALUE))),
            field("max_tokens", (b, r, ok) -> b.setMaxTokens(ok ? Fuzz.pick(r, 1, 2, 4)
                    : Fuzz.pick(r, 0, -3, 100_000, Integer.MAX_VALUE, Integer.MIN_VALUE))),
            field("temperature", (b, r, ok) -> b.setTemperature(ok ? Fuzz.pick(r, 0.0, 0.7, 1.0, 1e-320, Double.MIN_VALUE, -0.0, 1e308)
                    : Fuzz.pick(r, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY))),
            field("top_p", (b, r, ok) -> b.setTopP(ok ? Fuzz.pick(r, 0.9, 1.0, Double.MIN_VALUE) : Fuzz.pick(r, 0.0, -0.0, 1.5, Double.NaN, -0.5))),
            field("min_p", (b, r, ok) -> b.setMinP(ok ? Fuzz.pick(r, 0.05, 0.0, 1.0) : Fuzz.pick(r, 2.0, -1.0, Double.NaN))),
            field("token_budget", (b, r, ok) -> b.setTokenBudget(ok ? Fuzz.pick(r, 0L, 3L, Long.MAX_VALUE) : Fuzz.pick(r, -1L, Long.MIN_VALUE))),
            field("deadline_s", (b, r, ok) -> b.setDeadlineS(ok ? Fuzz.pick(r, 30.0, 1e6)
                    : Fuzz.pick(r, 0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, 1e7))),
            field("rule", (b, r, ok) -> b.setRule(ok ? Fuzz.pick(r, "none", "beta", "beta:0.9", "unbeatable", "k-of-m:2/3")
                    : Fuzz.pick(r, "beta:2", "k-of-m:9/5", "k-of-m:", "", "x", "beta:NaN"))),
            new Field("seed", false, (b, r, ok) -> b.setSeed(r.nextLong())),
            field("system_prompt", (b, r, ok) -> b.setSystemPrompt(ok ? Fuzz.pick(r, "", "Be brief.") : "x ".repeat(2000))),
            new Field("include_text", false, (b, r, ok) -> b.setIncludeText(r.nextBoolean())),
            field("answer_mode", (b, r, ok) -> b.setAnswerMode(ok ? Fuzz.pick(r, "exact", "aimo", "AIMO") : Fuzz.pick(r, "x", ""))),
            field("fallback", (b, r, ok) -> b.setFallback(ok ? Fuzz.pick(r, "none", "last_number") : Fuzz.pick(r, "guess", ""))));

    /** A request and the fields set to values the service must refuse (empty: it must answer OK). */
    record Spoiled(SolveRequest request, Set<String> refused) {}

    /** A valid cheap request (problem, n, max_tokens and some other fields), then none to three fields out of range. */
    static Spoiled request(Random r) {
        SolveRequest.Builder b = SolveRequest.newBuilder();
        for (int i = 0; i < FIELDS.size(); i++) {
            if (i < 3 || r.nextInt(5) < 2) {
                FIELDS.get(i).set(b, r, true);
            }
        }
        Set<String> refused = new java.util.TreeSet<>();
        for (int k = Fuzz.pick(r, 0, 0, 1, 1, 1, 2, 3); k > 0; k--) {
            Field f = Fuzz.pick(r, FIELDS);
            f.set(b, r, false);
            if (f.spoilable()) {
                refused.add(f.name());
            }
        }
        return new Spoiled(b.build(), refused);
    }

    /** Bytes on the wire: a request's, damaged or cut, or random. */
    static byte[] bytes(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> {
                byte[] b = new byte[r.nextInt(48)];
                r.nextBytes(b);
                yield b;
            }
            default -> Fuzz.mutate(request(r).request().toByteArray(), 1 + r.nextInt(3), r);
        };
    }

    @Test
    void validRequestsAreAnsweredAndEverySpoiledFieldIsRefusedByName() {
        int[] answered = {0};
        int[] refused = {0};
        Fuzz.forAll(SEED, 150, SolveGrpcFuzzTest::request, spoiled -> {
            SolveRequest req = spoiled.request();
            boolean stream = req.getIncludeText();
            Status status = status(() -> {
                var stub = SolverGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
                if (stream) {
                    Iterator<?> events = stub.solveStream(req);
                    events.forEachRemaining(e -> { });
                } else {
                    stub.solve(req);
                }
            });
            if (spoiled.refused().isEmpty()) {
                assertEquals(Status.Code.OK, status.getCode(), "every field valid: " + status);
                answered[0]++;
            } else {
                assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), spoiled.refused() + " spoiled: " + status);
                String description = String.valueOf(status.getDescription());
                assertTrue(spoiled.refused().stream().anyMatch(description::contains),
                        "the refusal names one of " + spoiled.refused() + ": " + description);
                refused[0]++;
            }
        });
        assertTrue(answered[0] >= 30 && refused[0] >= 60, "both paths are exercised: " + answered[0] + " answered, "
                + refused[0] + " refused");
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

    private static Status status(Runnable call) {
        try {
            call.run();
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
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
