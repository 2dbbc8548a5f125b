package ai.fastmath.api.client;

import ai.fastmath.api.grpc.v1.Sample;
import ai.fastmath.api.grpc.v1.SolveResponse;
import ai.fastmath.api.grpc.v1.SolverGrpc;
import ai.fastmath.solve.ProblemSolver;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.SolveResult;
import ai.fastmath.solve.SolveRun;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A FastMath service over gRPC ({@code fastmath.v1.Solver/Solve}) as a {@link ProblemSolver}. The
 * request's deadline is both {@code deadline_s} and the call's own deadline (plus a second for the
 * answer to travel); DEADLINE_EXCEEDED with the partial vote in its trailer is a result,
 * INVALID_ARGUMENT the caller's mistake.
 */
public final class GrpcSolveClient implements ProblemSolver {

    private static final Metadata.Key<byte[]> PARTIAL_RESULT =
            Metadata.Key.of("fastmath-partial-result-bin", Metadata.BINARY_BYTE_MARSHALLER);

    private final String target;
    private final ManagedChannel channel;
    private final SolverGrpc.SolverStub stub;

    /** @param target host:port */
    public GrpcSolveClient(String target) {
        this(target, null);
    }

    /**
     * @param target host:port
     * @param apiKey sent as {@code authorization: Bearer <key>} metadata on every call, or null
     */
    public GrpcSolveClient(String target, String apiKey) {
        if (!target.matches("[^:/\\s]+:\\d{1,5}")) {
            throw new IllegalArgumentException("grpc: need host:port, got '" + target + "'");
        }
        this.target = target;
        this.channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        SolverGrpc.SolverStub s = SolverGrpc.newStub(channel);
        if (apiKey != null && !apiKey.isBlank()) {
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey.strip());
            s = s.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
        }
        this.stub = s;
    }

    @Override
    public SolveRun submit(SolveRequest r) {
        CompletableFuture<SolveResult> result = new CompletableFuture<>();
        @SuppressWarnings("unchecked")
        ClientCallStreamObserver<ai.fastmath.api.grpc.v1.SolveRequest>[] call = new ClientCallStreamObserver[1];
        SolverGrpc.SolverStub s = r.deadline() == null ? stub
                : stub.withDeadlineAfter(r.deadline().toMillis() + 1000, TimeUnit.MILLISECONDS);
        s.solve(message(r), new ClientResponseObserver<ai.fastmath.api.grpc.v1.SolveRequest, SolveResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ai.fastmath.api.grpc.v1.SolveRequest> c) {
                call[0] = c;
            }

            @Override
            public void onNext(SolveResponse value) {
                result.complete(toResult(value));
            }

            @Override
            public void onError(Throwable t) {
                Status status = Status.fromThrowable(t);
                Metadata trailers = Status.trailersFromThrowable(t);
                byte[] partial = trailers == null ? null : trailers.get(PARTIAL_RESULT);
                if (status.getCode() == Status.Code.DEADLINE_EXCEEDED && partial != null) {
                    try {
                        result.complete(toResult(SolveResponse.parseFrom(partial)));
                        return;
                    } catch (InvalidProtocolBufferException e) {
                        // fall through: report the deadline itself
                    }
                }
                result.completeExceptionally(status.getCode() == Status.Code.INVALID_ARGUMENT
                        ? new IllegalArgumentException(status.getDescription())
                        : new IllegalStateException(target + ": " + status.getCode() + " " + status.getDescription(),
                                new StatusRuntimeException(status)));
            }

            @Override
            public void onCompleted() {
                result.completeExceptionally(new IllegalStateException(target + ": the call ended without a response"));
            }
        });
        // the service cancels the samples when the call is cancelled
        return SolveRun.of(result, reason -> call[0].cancel(reason, null));
    }

    /** A request as the gRPC API takes it. */
    public static ai.fastmath.api.grpc.v1.SolveRequest message(SolveRequest r) {
        ai.fastmath.api.grpc.v1.SolveRequest.Builder b = ai.fastmath.api.grpc.v1.SolveRequest.newBuilder()
                .setProblem(r.problem())
                .setN(r.samples())
                .setTemperature(r.temperature())
                .setTopP(r.topP())
                .setMinP(r.minP())
                .setMaxTokens(r.maxTokensPerSample())
                .setTokenBudget(r.tokenBudget())
                .setRule(r.rule().spec())
                .setIncludeText(r.includeText())
                .setAnswerMode(r.answerMode().name().toLowerCase(Locale.ROOT))
                .setFallback(r.fallback().name().toLowerCase(Locale.ROOT));
        if (r.systemPrompt() != null) {
            b.setSystemPrompt(r.systemPrompt());
        }
        if (r.deadline() != null) {
            b.setDeadlineS(r.deadline().toMillis() / 1000.0);
        }
        if (r.seed() != null) {
            b.setSeed(r.seed());
        }
        if (r.maxParallel() > 0) {
            b.setMaxParallel(r.maxParallel());
        }
        return b.build();
    }

    static SolveResult toResult(SolveResponse s) {
        List<SolveResult.Sample> samples = s.getSamplesList().stream().map(GrpcSolveClient::sample).toList();
        return new SolveResult(s.hasAnswer() ? s.getAnswer() : null, s.getShare(), new LinkedHashMap<>(s.getTallyMap()),
                samples, s.getTokens(), s.getSeconds(), s.getStarted(), s.getFinished(), s.getStopReason());
    }

    private static SolveResult.Sample sample(Sample s) {
        return new SolveResult.Sample(s.getIndex(), s.hasAnswer() ? s.getAnswer() : null, s.getTokens(),
                s.getFinishReason().isEmpty() ? null : s.getFinishReason(), s.hasText() ? s.getText() : null,
                s.hasConfidence() ? s.getConfidence() : null);
    }

    @Override
    public String describe() {
        return "grpc://" + target;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
