package ai.fastmath.model;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Whether a model's weights fit in the memory this process may still use, decided from its config
 * before a byte of the weights is read: a model that cannot fit is refused with the bytes it needs, the
 * bytes available and the compute dtype that would fit, instead of being killed by the OOM killer
 * halfway through loading. Checked on the CPU only (a GPU's memory is the device's own matter).
 */
public final class MemoryFit {

    /** Room kept beside the weights for the runtime, the KV cache of a first request and the JVM's own growth. */
    public static final long HEADROOM_BYTES = 1L << 30;

    private MemoryFit() {}

    /**
     * The bytes the weights take in a compute dtype: every parameter, float32 = 4 bytes, float16 = 2.
     */
    public static long weightBytes(ModelConfig config, DataType dtype) {
        return config.parameterCount() * dtype.getNumOfBytes();
    }

    /**
     * Refuses a model that does not fit in {@code available} bytes with {@link #HEADROOM_BYTES} to spare.
     *
     * @throws CheckpointException naming the bytes needed and available, and the dtype that would fit
     */
    public static void check(Path dir, ModelConfig config, DataType dtype, long available) {
        long need = weightBytes(config, dtype) + HEADROOM_BYTES;
        if (need <= available) {
            return;
        }
        long halfNeed = weightBytes(config, DataType.FLOAT16) + HEADROOM_BYTES; // the one smaller dtype there is
        String advice = dtype == DataType.FLOAT32 && halfNeed <= available
                ? "--dtype float16 would fit (" + gb(halfNeed) + ")"
                : "no dtype fits (float16 needs " + gb(halfNeed) + ")";
        throw new CheckpointException(String.format(Locale.ROOT,
                "%s does not fit in memory: %,d parameters need %s in %s (weights %s + %s headroom), %s is available; %s",
                dir, config.parameterCount(), gb(need), dtype.name().toLowerCase(Locale.ROOT), gb(weightBytes(config, dtype)),
                gb(HEADROOM_BYTES), gb(available), advice));
    }

    /**
     * The bytes this process may still allocate: the kernel's MemAvailable, and no more than a cgroup
     * (container) limit leaves; empty where neither can be read (not Linux).
     */
    public static OptionalLong available() {
        OptionalLong mem = meminfoAvailable();
        OptionalLong cgroup = cgroupLeft();
        if (mem.isPresent() && cgroup.isPresent()) {
            return OptionalLong.of(Math.min(mem.getAsLong(), cgroup.getAsLong()));
        }
        return mem.isPresent() ? mem : cgroup;
    }

    /** Resident set size of process {@code pid} ({@code /proc/PID/status} VmRSS) in bytes; -1 where it cannot be read. */
    public static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1; // gone, or not Linux
        }
        return -1;
    }

    private static OptionalLong meminfoAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an unexpected format: no figure
        }
        return OptionalLong.empty();
    }

    private static OptionalLong cgroupLeft() {
        try {
            String max = Files.readString(Path.of("/sys/fs/cgroup/memory.max")).strip();
            if (max.equals("max")) {
                return OptionalLong.empty();
            }
            long used = Long.parseLong(Files.readString(Path.of("/sys/fs/cgroup/memory.current")).strip());
            return OptionalLong.of(Math.max(0, Long.parseLong(max) - used));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty(); // cgroup v1 or none: MemAvailable decides
        }
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
