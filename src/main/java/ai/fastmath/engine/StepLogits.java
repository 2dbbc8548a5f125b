package ai.fastmath.engine;

import java.util.List;

/**
 * The logits of one engine step, one row per chunk, wherever the runner keeps them, and the one way to
 * use them: draw tokens. A runner on a device keeps them there and sends back only the drawn token ids
 * and the log-probabilities asked for ({@link DeviceLogits}); the host copy ({@link HostLogits}) is the
 * reference. Close it when the step's draws are done.
 */
public interface StepLogits extends AutoCloseable {

    /**
     * One token to draw.
     *
     * @param row the logits row (the chunk's index in the step)
     * @param params the request's sampling parameters
     * @param uniform the sequence's next uniform number in [0, 1) ({@link TokenSampler#nextUniform})
     */
    record Draw(int row, SamplingParams params, double uniform) {}

    /** The drawn tokens, one per draw in order; a log-probability where the draw's request asked for one, else NaN. */
    List<TokenSampler.Sample> sample(List<Draw> draws);

    /** Bytes that crossed between the device and the host for this step so far (logits or ids and inputs). */
    long hostBytes();

    @Override
    void close();
}
