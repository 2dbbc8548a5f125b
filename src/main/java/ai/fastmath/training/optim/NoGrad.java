package ai.fastmath.training.optim;

import ai.djl.pytorch.jni.JniUtils;

/**
 * {@code torch.no_grad()} for the calling thread, for the optimizer's in-place updates of parameters
 * that require gradients. libtorch's grad mode is per thread and on by default; DJL turns it off only
 * on the thread that first starts the engine, so a trainer on any other thread must say so itself.
 */
public final class NoGrad implements AutoCloseable {

    private final boolean previous;

    private NoGrad() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    /** Turns gradient recording off until {@link #close()}. */
    public static NoGrad enter() {
        return new NoGrad();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
