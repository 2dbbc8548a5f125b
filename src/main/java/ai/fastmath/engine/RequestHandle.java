package ai.fastmath.engine;

import io.smallrye.mutiny.Multi;
import java.util.concurrent.CompletableFuture;

/**
 * A submitted request as its caller sees it: the stream of events of all its sequences, the final
 * output, and cancellation. A subscriber that cancels its subscription cancels the request.
 */
public final class RequestHandle {

    private final EngineRequest request;
    private final Engine engine;
    private final Multi<SequenceEvent> events;

    RequestHandle(EngineRequest request, Engine engine) {
        this.request = request;
        this.engine = engine;
        this.events = request.events.onCancellation().invoke(this::cancel);
    }

    public long id() {
        return request.id;
    }

    /** Events of every sequence as they happen; one subscriber. Ends after the last sequence ends. */
    public Multi<SequenceEvent> events() {
        return events;
    }

    /** Completes when every sequence has finished (or exceptionally if the engine failed). */
    public CompletableFuture<RequestOutput> result() {
        return request.result;
    }

    /** Aborts every sequence; their KV is freed at the next step. */
    public void cancel() {
        engine.cancel(request, -1);
    }

    /**
     * From the next token on, ends any sequence of the request whose group confidence, over a full
     * window ({@link SamplingParams#confidenceWindow}), is below {@code threshold}, with
     * {@link FinishReason#LOW_CONFIDENCE}; its KV is freed with it. Needs confidence on.
     */
    public void pruneBelow(double threshold) {
        if (request.params.confidenceTopK() == 0) {
            throw new IllegalStateException("pruning by confidence needs confidence_top_k > 0");
        }
        request.pruneBelow = threshold;
    }

    /** Aborts one sequence of the request. */
    public void cancel(int index) {
        engine.cancel(request, index);
    }
}
