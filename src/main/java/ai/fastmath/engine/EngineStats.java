package ai.fastmath.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's counters, gauges and timers, read by the metrics endpoint and the benchmarks. Gauges
 * are snapshots the engine loop writes after each step.
 */
public final class EngineStats {

    volatile int waiting;
    volatile int running;
    volatile double kvUsage;
    final LongAdder promptTokens = new LongAdder();
    final LongAdder generatedTokens = new LongAdder();
    final LongAdder preemptions = new LongAdder();
    final LongAdder steps = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder failedRequests = new LongAdder();
    final LongAdder hostBytes = new LongAdder();
    final Map<FinishReason, LongAdder> finished = new EnumMap<>(FinishReason.class);
    final LatencyStats timeToFirstToken = new LatencyStats();
    final LatencyStats interTokenLatency = new LatencyStats();
    final LatencyStats requestLatency = new LatencyStats();
    final LatencyStats queueTime = new LatencyStats();

    EngineStats() {
        for (FinishReason r : FinishReason.values()) {
            finished.put(r, new LongAdder());
        }
    }

    /** Sequences queued, preempted ones included. */
    public int waiting() {
        return waiting;
    }

    /** Sequences admitted and holding KV. */
    public int running() {
        return running;
    }

    /** Fraction of KV blocks in use, 0..1. */
    public double kvUsage() {
        return kvUsage;
    }

    /** Prompt tokens run through the model (prefill, recomputation included). */
    public long promptTokens() {
        return promptTokens.sum();
    }

    public long generatedTokens() {
        return generatedTokens.sum();
    }

    public long preemptions() {
        return preemptions.sum();
    }

    public long steps() {
        return steps.sum();
    }

    public long requests() {
        return requests.sum();
    }

    /** Requests that ended in an error (an engine fault) instead of an output. */
    public long failedRequests() {
        return failedRequests.sum();
    }

    /**
     * Bytes the steps moved between the device and the host to draw tokens: whole logits rows when
     * sampling on the host, ids, parameters and asked-for log-probabilities when sampling on the device.
     */
    public long hostBytes() {
        return hostBytes.sum();
    }

    /** Sequences finished for this reason. */
    public long finished(FinishReason reason) {
        return finished.get(reason).sum();
    }

    public LatencyStats timeToFirstToken() {
        return timeToFirstToken;
    }

    public LatencyStats interTokenLatency() {
        return interTokenLatency;
    }

    /** Submission to the request's first step (waiting in the queue). */
    public LatencyStats queueTime() {
        return queueTime;
    }

    /** Submission to last sequence finished. */
    public LatencyStats requestLatency() {
        return requestLatency;
    }
}
