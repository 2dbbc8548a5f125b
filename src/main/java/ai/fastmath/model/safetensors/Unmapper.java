package ai.fastmath.model.safetensors;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Releases a memory-mapped range as soon as it has been read, instead of when the garbage collector
 * finds its buffer: loading a checkpoint widens every mapped BF16 range into the model's own memory, and
 * mappings left to the collector keep the whole file resident beside the weights (12.1 GB for the 7.1 GB
 * of a 1.5B model in float32). Java has no public unmap; {@code sun.misc.Unsafe.invokeCleaner} (module
 * jdk.unsupported, present in every JDK 9+) is the supported way to do it.
 */
final class Unmapper {

    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method clean = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            clean = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not available: mappings are released by the garbage collector, as before
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = clean;
    }

    private Unmapper() {}

    /** Whether mappings can be released at once here. */
    static boolean available() {
        return INVOKE_CLEANER != null;
    }

    /**
     * Unmaps a buffer returned by {@code FileChannel.map} (not a slice or duplicate of one); it must not
     * be touched afterwards. Without the JDK's support it is left to the garbage collector.
     */
    static void release(ByteBuffer mapped) {
        if (INVOKE_CLEANER == null || !mapped.isDirect()) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, mapped);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a slice or a duplicate: the collector will release it
        }
    }
}
