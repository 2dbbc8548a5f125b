package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Work handed to a compute thread runs there, on every core, and its caller sees results and errors as its own. */
class ComputeThreadTest {

    @Test
    void everyCallRunsOnTheSameComputingThread() {
        try (ComputeThread compute = new ComputeThread("test-compute")) {
            Thread first = compute.call(Thread::currentThread);
            assertNotSame(Thread.currentThread(), first);
            assertSame(first, compute.call(Thread::currentThread));
            assertEquals(IntraOpThreads.computeThreads(), compute.call(IntraOpThreads::configured));
        }
    }

    @Test
    void errorsReachTheCallerUnwrapped() {
        try (ComputeThread compute = new ComputeThread("test-compute")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> compute.call(() -> {
                throw new IllegalArgumentException("bad shape");
            }));
            assertEquals("bad shape", e.getMessage());
            assertEquals(7, compute.call(() -> 7), "the thread survives a failed call");
        }
    }

    @Test
    void anInterruptedCallerStillWaitsForTheWorkAndKeepsTheInterrupt() throws Exception {
        try (ComputeThread compute = new ComputeThread("test-compute")) {
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean workDone = new AtomicBoolean();
            AtomicReference<Boolean> doneWhenReturned = new AtomicReference<>();
            AtomicReference<Boolean> interruptKept = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                compute.call(() -> {
                    started.countDown();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    workDone.set(true);
                    return null;
                });
                doneWhenReturned.set(workDone.get());
                interruptKept.set(Thread.currentThread().isInterrupted());
            });
            caller.start();
            assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS));
            caller.interrupt();
            caller.join();
            assertTrue(doneWhenReturned.get(), "the call returned only after the work ended");
            assertTrue(interruptKept.get(), "the caller's interrupt is kept");
        }
    }
}
