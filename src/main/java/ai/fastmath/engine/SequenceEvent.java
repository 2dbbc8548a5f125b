package ai.fastmath.engine;

/**
 * One step of one sequence as it streams: a new token, the text it completed (possibly empty while
 * a multi-byte character or a possible stop string is pending), and on the last event the reason.
 *
 * @param index the sequence's index within its request, 0 .. n-1
 * @param tokenId the sampled token, or -1 on an event that only finishes (abort)
 * @param textDelta text to append to what was streamed so far
 * @param logprob log-probability of the token under the sampling distribution (NaN unless requested)
 * @param confidence the token's confidence (NaN unless requested, {@link SamplingParams#confidenceTopK})
 * @param groupConfidence the mean confidence of the sequence's last window of tokens (NaN unless requested)
 * @param finishReason null while the sequence runs
 */
public record SequenceEvent(int index, int tokenId, String textDelta, double logprob, double confidence,
        double groupConfidence, FinishReason finishReason) {


    public boolean finished() {
        return finishReason != null;
    }
}
