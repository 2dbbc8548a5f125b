package ai.fastmath.engine;

import java.util.List;

/**
 * A finished sequence.
 *
 * @param index 0 .. n-1 within the request
 * @param tokenIds generated token ids (the stop token or the token holding a stop string included)
 * @param text decoded text, cut at a stop string (kept or not per the request); empty without a tokenizer
 * @param logprobs per-token log-probabilities, empty unless requested
 * @param finishReason why it ended
 */
public record SequenceOutput(int index, List<Integer> tokenIds, String text, List<Double> logprobs, FinishReason finishReason) {}
