package ai.fastmath.api.rest;

import ai.fastmath.api.SolveBody;
import ai.fastmath.api.SolveResponse;
import ai.fastmath.api.SolveService;
import ai.fastmath.solve.SolveEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code POST /v1/solve} and its streaming twin. */
@Path("/v1/solve")
@Tag(name = "solve", description = "Majority-vote self-consistency under a token and time budget")
public class SolveResource {

    private final SolveService service;

    public SolveResource(SolveService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Solve a problem by N samples and a vote",
            description = "200 with the vote; 504 with the partial vote when the deadline ended it; 400 for bad input; "
                    + "429 with Retry-After when the service is full; 503 while no model is loaded or the service "
                    + "is shutting down (with the partial vote when a shutdown cut it); 500 for an internal fault.")
    public Uni<RestResponse<SolveResponse>> solve(SolveBody body) {
        AtomicReference<SolveService.Started> run = new AtomicReference<>();
        CompletableFuture<SolveService.Started> started = service.start(body, e -> { });
        return Uni.createFrom().completionStage(started)
                .invoke(run::set)
                .chain(s -> Uni.createFrom().completionStage(s.run().result())
                        .map(r -> {
                            SolveResponse out = SolveResponse.of(s.model().id(), r);
                            return switch (r.stopReason()) {
                                case "deadline" -> RestResponse.status(RestResponse.Status.GATEWAY_TIMEOUT, out);
                                case "shutdown" -> RestResponse.ResponseBuilder.create(RestResponse.Status.SERVICE_UNAVAILABLE, out)
                                        .header("Retry-After", "1").build();
                                default -> RestResponse.ok(out);
                            };
                        }))
                .onCancellation().invoke(() -> cancel(run.get()));
    }

    @POST
    @Path("/stream")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Solve a problem, streaming the samples and the vote as server-sent events",
            description = "Events: sample_delta (new text of one sample), sample_finished (its answer), vote (the tally), "
                    + "result (the final vote, last), or error (an internal fault, last, instead of result). "
                    + "Closing the connection cancels the samples.")
    public Multi<OutboundSseEvent> stream(SolveBody body, @jakarta.ws.rs.core.Context Sse sse) {
        UnicastProcessor<SolveEvent> events = UnicastProcessor.create();
        AtomicReference<SolveService.Started> run = new AtomicReference<>();
        CompletableFuture<SolveService.Started> started = service.start(body, e -> {
            events.onNext(e);
            if (e instanceof SolveEvent.Done) {
                events.onComplete();
            }
        });
        refusedAtAdmission(started);
        // a vote that fails (an engine fault) sends no result: the stream ends with an error event instead
        started.thenAccept(s -> s.run().result().whenComplete((r, error) -> {
            if (error != null) {
                events.onError(error);
            }
        }));
        return RestMulti.fromUniResponse(Uni.createFrom().completionStage(started).invoke(run::set),
                s -> events.map(e -> toSse(sse, s.model().id(), e))
                        .onFailure().recoverWithItem(e -> sse.newEventBuilder().name("error")
                                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(ApiErrors.streamed(e)).build())
                        .onCancellation().invoke(() -> cancel(run.get())));
    }

    /**
     * A full service refuses at once: that error (429 with Retry-After) must be the response, because
     * once the stream has begun its status is 200 and a failure only ends it empty.
     */
    private static void refusedAtAdmission(CompletableFuture<SolveService.Started> started) {
        if (!started.isCompletedExceptionally()) {
            return;
        }
        try {
            started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static OutboundSseEvent toSse(Sse sse, String model, SolveEvent e) {
        Object data = e instanceof SolveEvent.Done d ? SolveResponse.of(model, d.result()) : e;
        return sse.newEventBuilder().name(e.type()).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    }

    private static void cancel(SolveService.Started s) {
        if (s != null) {
            s.run().cancel("cancelled");
        }
    }
}
