package ai.fastmath.api.grpc;

import ai.fastmath.api.ModelNotReadyException;
import ai.fastmath.api.SolveBody;
import ai.fastmath.api.SolveService;
import ai.fastmath.api.ShuttingDownException;
import ai.fastmath.api.grpc.v1.SolveEvent;
import ai.fastmath.api.grpc.v1.SolveRequest;
import ai.fastmath.api.grpc.v1.SolveResponse;
import ai.fastmath.api.grpc.v1.SolverGrpc;
import ai.fastmath.engine.EngineOverloadedException;
import ai.fastmath.solve.SolveResult;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * {@code fastmath.v1.Solver} over gRPC: the same service as REST. A call's own deadline bounds the
 * vote; when it ends the vote, the status is DEADLINE_EXCEEDED and the partial vote travels in the
 * trailer {@code fastmath-partial-result-bin}. A vote cut by a shutdown ends UNAVAILABLE with its
 * partial vote in the same trailer.
 */
@GrpcService
public class SolverGrpcService extends SolverGrpc.SolverImplBase {

    /** Trailer with the serialized partial {@link SolveResponse} of a vote the deadline ended. */
    public static final Metadata.Key<byte[]> PARTIAL_RESULT =
            Metadata.Key.of("fastmath-partial-result-bin", Metadata.BINARY_BYTE_MARSHALLER);

    private final SolveService service;

    public SolverGrpcService(SolveService service) {
        this.service = service;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return StrictProtoMarshaller.strict(super.bindService());
    }

    @Override
    public void solve(SolveRequest request, StreamObserver<SolveResponse> out) {
        run(request, out, null);
    }

    @Override
    public void solveStream(SolveRequest request, StreamObserver<SolveEvent> out) {
        run(request, out, out);
    }

    /** One solve; with {@code events} non-null every event is streamed and the result is the last one. */
    @SuppressWarnings("unchecked")
    private <T> void run(SolveRequest request, StreamObserver<T> out, StreamObserver<SolveEvent> events) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) out;
        AtomicReference<SolveService.Started> started = new AtomicReference<>();
        AtomicReference<String> model = new AtomicReference<>("");
        call.setOnCancelHandler(() -> {
            SolveService.Started s = started.get();
            if (s != null) {
                s.run().cancel("cancelled");
            }
        });
        var malformed = StrictProtoMarshaller.malformed(request);
        if (malformed.isPresent()) {
            fail(call, new IllegalArgumentException("request: not a valid fastmath.v1.SolveRequest (" + malformed.get() + ")"));
            return;
        }
        try {
            service.start(ProtoMapping.body(request, callDeadlineSeconds()), e -> {
                if (events != null && !(e instanceof ai.fastmath.solve.SolveEvent.Done)) {
                    synchronized (call) {
                        if (!call.isCancelled()) {
                            events.onNext(ProtoMapping.event(e));
                        }
                    }
                }
            }).whenComplete((s, error) -> {
                if (error != null) {
                    fail(call, error);
                    return;
                }
                started.set(s);
                model.set(s.model().id());
                s.run().result().whenComplete((result, err) -> {
                    if (err != null) {
                        fail(call, err);
                    } else {
                        finish(call, events, ProtoMapping.response(model.get(), result), result);
                    }
                });
            });
        } catch (RuntimeException e) {
            fail(call, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void finish(ServerCallStreamObserver<T> call, StreamObserver<SolveEvent> events, SolveResponse response,
            SolveResult result) {
        synchronized (call) {
            if (call.isCancelled()) {
                return;
            }
            if ("deadline".equals(result.stopReason()) || "shutdown".equals(result.stopReason())) {
                Metadata trailers = new Metadata();
                trailers.put(PARTIAL_RESULT, response.toByteArray());
                Status status = "deadline".equals(result.stopReason()) ? Status.DEADLINE_EXCEEDED : Status.UNAVAILABLE;
                call.onError(status
                        .withDescription("the " + result.stopReason() + " ended the vote; answer so far: " + result.answer()
                                + " (partial result in trailer " + PARTIAL_RESULT.name() + ")")
                        .asRuntimeException(trailers));
                return;
            }
            if (events != null) {
                events.onNext(SolveEvent.newBuilder().setResult(response).build());
            } else {
                ((StreamObserver<SolveResponse>) call).onNext(response);
            }
            call.onCompleted();
        }
    }

    private static void fail(ServerCallStreamObserver<?> call, Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        Status status;
        if (e instanceof IllegalArgumentException) {
            status = Status.INVALID_ARGUMENT.withDescription(e.getMessage());
        } else if (e instanceof BulkheadException || e instanceof EngineOverloadedException) {
            status = Status.RESOURCE_EXHAUSTED.withDescription("the service is full; retry later (" + e.getMessage() + ")");
        } else if (e instanceof ModelNotReadyException || e instanceof ShuttingDownException) {
            status = Status.UNAVAILABLE.withDescription(e.getMessage());
        } else if (e instanceof StatusRuntimeException s) {
            status = s.getStatus();
        } else {
            status = Status.INTERNAL.withDescription(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        synchronized (call) {
            if (!call.isCancelled()) {
                call.onError(status.asRuntimeException());
            }
        }
    }

    /** Seconds left of the caller's gRPC deadline, or null. */
    private static Double callDeadlineSeconds() {
        Deadline d = Context.current().getDeadline();
        return d == null ? null : Math.max(0.001, d.timeRemaining(TimeUnit.MILLISECONDS) / 1000.0);
    }
}
