package ai.fastmath.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tensor range is unmapped once read, not when the collector gets to it: the kernel's list of this
 * process's mappings no longer names the file (it did for every range read, which kept a whole
 * checkpoint resident beside the weights: 12.1 GB peak for a 1.5B model's 7.1 GB, now 8.6 GB).
 */
class UnmapperTest {

    @TempDir
    Path dir;

    private long mappingsOf(Path file) throws Exception {
        String real = file.toRealPath().toString();
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.endsWith(real)).count();
    }

    @Test
    void aRangeIsUnmappedOnceRead() throws Exception {
        assertTrue(Unmapper.available(), "the JDK's invokeCleaner is reachable");
        float[] values = new float[4096];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 256; // integers to 256 are exact in BF16
        }
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, List.of(NamedTensor.ofFloats("w", DType.BF16, new long[] {64, 64}, values)), Map.of());
        try (TensorStore store = TensorStore.open(dir)) {
            for (int i = 0; i < 20; i++) {
                assertArrayEquals(values, store.readFloats("w"), "read back as written");
            }
            assertEquals(0, mappingsOf(file), "20 reads, no mapping left");
        }
    }
}
