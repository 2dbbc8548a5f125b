package ai.fastmath.engine;

import java.util.List;

/**
 * A finished request.
 *
 * @param requestId the engine's id for it
 * @param promptTokens prompt length
 * @param sequences the n sequences, in index order
 * @param prefillTokens prompt tokens actually run through the model for this request (once for all n
 *     sequences, more if a sequence was preempted and recomputed)
 */
public record RequestOutput(long requestId, int promptTokens, List<SequenceOutput> sequences, long prefillTokens) {}
