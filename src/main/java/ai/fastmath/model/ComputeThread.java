package ai.fastmath.model;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * One long-lived computing thread ({@link IntraOpThreads#compute()}) that runs the work handed to it,
 * for a job that alternates heavy work between threads, as GRPO alternates an engine's rollouts with
 * policy updates: with both on this thread, one team of kernel threads serves both and no second
 * team puts them to sleep between kernels. A thread per piece of work would not do: each new thread
 * also gets a fresh malloc arena, and the page faults of refilling it cost more than the team saves.
 */
public final class ComputeThread implements AutoCloseable {

    private final ExecutorService executor;

    public ComputeThread(String name) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code work} on this thread and returns its result. The caller waits until the work has
     * ended, even when interrupted (then the interrupt is kept), so nothing it owns is closed under a
     * running kernel.
     */
    public <T> T call(Supplier<T> work) {
        Future<T> f = executor.submit(() -> {
            IntraOpThreads.compute();
            return work.get();
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
