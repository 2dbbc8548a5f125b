package ai.fastmath.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.Function;

/**
 * A step's logits left on the device, in the step's scope: {@link LogitsSampler} draws from them there,
 * so only token ids (and the log-probabilities asked for) come back. Closing it frees the step.
 */
final class DeviceLogits implements StepLogits {

    private final NDManager scope;
    private final NDArray logits;
    private final Function<java.util.function.Supplier<LogitsSampler.Drawn>, LogitsSampler.Drawn> computing;
    private long hostBytes;

    /**
     * @param scope the step's scope, owning {@code logits}; closed with this
     * @param computing runs tensor work on the runner's computing thread
     */
    DeviceLogits(NDManager scope, NDArray logits,
            Function<java.util.function.Supplier<LogitsSampler.Drawn>, LogitsSampler.Drawn> computing) {
        this.scope = scope;
        this.logits = logits;
        this.computing = computing;
    }

    @Override
    public List<TokenSampler.Sample> sample(List<Draw> draws) {
        if (draws.isEmpty()) {
            return List.of();
        }
        LogitsSampler.Drawn drawn = computing.apply(() -> {
            try (NDManager local = scope.newSubManager()) {
                return LogitsSampler.sample(logits, draws, local);
            }
        });
        hostBytes += drawn.hostBytes();
        return drawn.samples();
    }

    @Override
    public long hostBytes() {
        return hostBytes;
    }

    @Override
    public void close() {
        scope.close();
    }
}
