package ai.fastmath.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Which threads run libtorch's CPU kernels on all cores. libtorch parallelises with GNU OpenMP, which
 * keeps a team of worker threads for every thread that ever ran a parallel region. Once the process
 * holds more team threads than CPUs, every team stops spinning between regions and sleeps instead, so
 * each of the hundreds of parallel regions of a decode step waits for a futex wake-up. Measured on
 * the 2-core build machine: a batch-8 decode step at context 300 took 17.5 ms on the only computing
 * thread and 26 ms once the thread that built the model also held a team.
 *
 * <p>So one thread computes with every core ({@link #compute()}: the engine's loop, a trainer, a
 * benchmark) and any other thread that makes tensors (loading a checkpoint, a request thread, a test)
 * runs its kernels on one core ({@link #auxiliary()}, called by {@link TensorRuntime#newManager()}).
 * A team, once made, lasts as long as its thread, so the order matters: a thread that has computed
 * keeps its team even if it is later made auxiliary.
 *
 * <p>A computing thread uses the processors the JVM sees, or the system property
 * {@code fastmath.intra-op-threads}. (Not libtorch's current count: that is per thread and changes
 * with these calls, and a test JVM can hold this class twice, in Quarkus's class loader and the
 * test's, each with its own view of which thread was configured; so the count actually in force is
 * checked each time.)
 */
public final class IntraOpThreads {

    /** The system property that overrides the number of cores a computing thread uses. */
    public static final String PROPERTY = "fastmath.intra-op-threads";

    private static final ThreadLocal<Integer> CONFIGURED = new ThreadLocal<>();

    private IntraOpThreads() {}

    /** Lets the calling thread run kernels on every core: the thread that does a process's heavy work. */
    public static void compute() {
        configure(computeThreads());
    }

    /** Runs the calling thread's kernels on one core, unless it was already told what to do. */
    public static void auxiliary() {
        if (CONFIGURED.get() == null) {
            configure(1);
        }
    }

    /** Cores a computing thread uses. */
    public static int computeThreads() {
        String set = System.getProperty(PROPERTY);
        if (set != null) {
            try {
                int n = Integer.parseInt(set.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
            throw new IllegalArgumentException(PROPERTY + " must be a positive integer, got '" + set + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Kernels the calling thread runs in parallel: what it was configured to, or 0 if never. */
    public static int configured() {
        Integer n = CONFIGURED.get();
        return n == null ? 0 : n;
    }

    private static void configure(int threads) {
        Integer now = CONFIGURED.get();
        if (now != null && now == threads && JniUtils.getNumThreads() == threads) {
            return;
        }
        synchronized (IntraOpThreads.class) {
            Engine.getEngine("PyTorch"); // loads libtorch
            JniUtils.setNumThreads(threads);
            if (now == null) {
                // libtorch sets a thread's count once more at its first parallel kernel, to the value
                // the last thread set: run one now, under this lock, so that value is ours
                try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
                    m.ones(new Shape(2, 8)).softmax(-1);
                }
                JniUtils.setNumThreads(threads);
            }
            CONFIGURED.set(threads);
        }
    }
}
