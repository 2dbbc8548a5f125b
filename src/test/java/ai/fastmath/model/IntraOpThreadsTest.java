package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Only computing threads run libtorch's kernels on every core; every other tensor thread uses one. The
 * computing count is forced to 3 here, so the two counts differ on any machine (on a one-CPU runner
 * "every core" would be 1, and a test could not tell the threads apart).
 */
class IntraOpThreadsTest {

    private static final TensorRuntime CPU = TensorRuntime.cpu();
    private static final int FORCED = 3;

    private String before;

    @BeforeEach
    void forceDistinctCounts() {
        before = System.getProperty(IntraOpThreads.PROPERTY);
        System.setProperty(IntraOpThreads.PROPERTY, Integer.toString(FORCED));
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(IntraOpThreads.PROPERTY);
        } else {
            System.setProperty(IntraOpThreads.PROPERTY, before);
        }
    }

    /** Runs {@code body} on a fresh thread and returns its result. */
    private static <T> T onNewThread(Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(body.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** Kernel threads libtorch will use on this thread after a parallel-sized kernel has run here. */
    private static int threadsAfterAKernel(TensorRuntime runtime) {
        try (NDManager m = runtime.newManager()) {
            m.ones(new Shape(256, 1024)).softmax(-1).sum().getFloat();
        }
        return JniUtils.getNumThreads();
    }

    @Test
    void aThreadThatOnlyMakesTensorsRunsThemOnOneCore() throws Exception {
        assertEquals(1, onNewThread(() -> threadsAfterAKernel(CPU)));
        assertEquals(1, onNewThread(() -> {
            threadsAfterAKernel(CPU);
            return IntraOpThreads.configured();
        }));
    }

    @Test
    void aComputingThreadUsesEveryCoreAndDoesNotPassThatOnToLaterThreads() throws Exception {
        int cores = IntraOpThreads.computeThreads();
        assertEquals(FORCED, cores);
        assertEquals(cores, onNewThread(() -> {
            IntraOpThreads.compute();
            return threadsAfterAKernel(CPU);
        }));
        // libtorch hands a new thread the count the last thread set; ours must still get one core
        assertEquals(1, onNewThread(() -> threadsAfterAKernel(CPU)));
    }

    @Test
    void aThreadMadeToComputeAfterMakingTensorsComputes() throws Exception {
        int cores = IntraOpThreads.computeThreads();
        assertEquals(cores, onNewThread(() -> {
            threadsAfterAKernel(CPU); // auxiliary first, as a trainer's thread that loaded the model
            IntraOpThreads.compute();
            return threadsAfterAKernel(CPU);
        }));
    }

    @Test
    void computeRestoresTheCountWhenSomethingElseChangedIt() throws Exception {
        // a second copy of this class (Quarkus's class loader beside the test's) or any other caller
        // of libtorch's setter can change a thread's count behind this class's back
        int cores = IntraOpThreads.computeThreads();
        assertEquals(cores, onNewThread(() -> {
            IntraOpThreads.compute();
            JniUtils.setNumThreads(1);
            IntraOpThreads.compute();
            return threadsAfterAKernel(CPU);
        }));
    }

    @Test
    void thePropertyOverridesTheCoreCount() {
        String before = System.getProperty(IntraOpThreads.PROPERTY);
        try {
            System.clearProperty(IntraOpThreads.PROPERTY);
            assertEquals(Runtime.getRuntime().availableProcessors(), IntraOpThreads.computeThreads());
            System.setProperty(IntraOpThreads.PROPERTY, "5");
            assertEquals(5, IntraOpThreads.computeThreads());
            System.setProperty(IntraOpThreads.PROPERTY, "zero");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, IntraOpThreads::computeThreads);
            assertTrue(e.getMessage().contains(IntraOpThreads.PROPERTY), e.getMessage());
            System.setProperty(IntraOpThreads.PROPERTY, "0");
            assertThrows(IllegalArgumentException.class, IntraOpThreads::computeThreads);
        } finally {
            if (before == null) {
                System.clearProperty(IntraOpThreads.PROPERTY);
            } else {
                System.setProperty(IntraOpThreads.PROPERTY, before);
            }
        }
    }
}
