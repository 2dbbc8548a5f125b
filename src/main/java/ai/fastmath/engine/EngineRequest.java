package ai.fastmath.engine;

import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** A submitted request: its prompt, parameters, sequences and the channels its results go out on. */
final class EngineRequest {

    final long id;
    final int[] prompt;
    final SamplingParams params;
    final long seed;
    final long submittedNanos;
    final List<Sequence> sequences = new ArrayList<>(); // index order; children appear at fork
    final UnicastProcessor<SequenceEvent> events = UnicastProcessor.create();
    final CompletableFuture<RequestOutput> result = new CompletableFuture<>();
    /** Sequence indices the caller cancelled; -1 = all. Written by callers, read by the loop. */
    final Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
    /** A sequence whose group confidence (over a full window) falls below this is pruned; set by callers. */
    volatile double pruneBelow = Double.NEGATIVE_INFINITY;
    long prefillTokens;
    boolean scheduled; // has run in a step: its queue time is recorded
    boolean forked;
    int finishedCount;

    EngineRequest(long id, int[] prompt, SamplingParams params, long seed) {
        this.id = id;
        this.prompt = prompt;
        this.params = params;
        this.seed = seed;
        this.submittedNanos = System.nanoTime();
    }

    boolean isCancelled(int index) {
        return cancelled.contains(-1) || cancelled.contains(index);
    }

    boolean done() {
        return finishedCount == params.n();
    }
}
