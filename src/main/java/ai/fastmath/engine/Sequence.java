package ai.fastmath.engine;

import ai.fastmath.model.kv.BlockTable;
import java.util.ArrayList;
import java.util.List;

/**
 * One sampled sequence of a request, owned by the engine loop. Its tokens are the prompt followed by
 * its output; {@code computed} of them have keys and values in the cache. A step runs
 * {@code tokens[computed ..]} (a prefill chunk, or the last sampled token) and, once every token is
 * computed, samples the next one.
 */
final class Sequence {

    final EngineRequest request;
    final int index;
    final TokenSampler sampler;
    final List<Integer> output = new ArrayList<>();
    final List<Double> logprobs = new ArrayList<>();
    final IncrementalText text;
    final StopStrings stops;
    final ConfidenceWindow confidence; // null unless the request asks for confidence
    BlockTable table; // null while waiting (never admitted, or preempted)
    int computed;
    long admittedOrder = -1; // larger = admitted later; preemption takes the latest
    long lastTokenNanos;
    FinishReason finish;

    Sequence(EngineRequest request, int index, IncrementalText text) {
        this.request = request;
        this.index = index;
        this.sampler = new TokenSampler(request.params, request.seed + index);
        this.text = text;
        this.stops = new StopStrings(request.params.stop(), request.params.includeStopString());
        this.confidence = request.params.confidenceTopK() > 0 ? new ConfidenceWindow(request.params.confidenceWindow()) : null;
    }

    int length() {
        return request.prompt.length + output.size();
    }

    int token(int position) {
        return position < request.prompt.length ? request.prompt[position] : output.get(position - request.prompt.length);
    }

    /** Tokens not yet computed: {@code tokens[computed, length)}. */
    int pending() {
        return length() - computed;
    }

    int[] tokens(int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = token(from + i);
        }
        return out;
    }

    boolean finished() {
        return finish != null;
    }

    /** Gives the sequence's KV back; it must recompute from scratch if it runs again. */
    void releaseKv() {
        if (table != null) {
            table.release();
            table = null;
        }
        computed = 0;
    }
}
