package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.fastmath.model.kv.BlockTable;
import ai.fastmath.model.kv.KvCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 10,000 batched decode steps leave no array behind (counted exactly) and resident memory where it
 * was after warm-up.
 */
class NativeMemoryTest {

    private static final int STEPS = 10_000;
    private static final int WARMUP = 1_000;
    private static final int WINDOW = 1_000;
    private static final long MAX_GROWTH_BYTES = 16L << 20;

    @Test
    void tenThousandDecodeStepsDoNotGrowResidentMemory() throws IOException {
        try (Qwen2Model model = Qwen2Model.load(Golden.dir(Golden.F32), TensorRuntime.cpu());
                KvCache cache = new KvCache(model.config(), model.runtime(), 64, 16)) {
            int batch = 4;
            int length = 48; // each sequence restarts after this many positions, freeing its blocks
            int weightArrays = model.liveArrays();
            List<BlockTable> tables = new ArrayList<>();
            for (int s = 0; s < batch; s++) {
                tables.add(cache.newSequence());
            }
            long baseline = Long.MAX_VALUE;
            long end = Long.MAX_VALUE;
            for (int step = 0; step < STEPS; step++) {
                int pos = step % length;
                if (pos == 0) {
                    for (int s = 0; s < batch; s++) {
                        tables.get(s).release();
                        tables.set(s, cache.newSequence());
                    }
                }
                List<ForwardBatch.Chunk> chunks = new ArrayList<>();
                for (int s = 0; s < batch; s++) {
                    tables.get(s).ensureCapacity(pos + 1);
                    chunks.add(new ForwardBatch.Chunk(new int[] {(step + s) % 96}, pos, tables.get(s).slots(pos + 1)));
                }
                try (NDManager scope = model.newScope()) {
                    model.forward(scope, new ForwardBatch(chunks, false), cache).toFloatArray();
                }
                assertEquals(weightArrays, model.liveArrays(), "arrays alive after step " + step);
                // The test JVM's heap is fixed and pre-touched (pom.xml), so resident memory moves with
                // native memory only; single readings are still jumpy, a leak raises the floor.
                if (step % 50 == 0 && step >= WARMUP && step < WARMUP + WINDOW) {
                    baseline = Math.min(baseline, residentBytes());
                } else if (step % 50 == 0 && step >= STEPS - WINDOW) {
                    end = Math.min(end, residentBytes());
                }
            }
            tables.forEach(BlockTable::release);
            long growth = end - baseline;
            System.out.printf("lowest RSS in steps %d-%d: %d MiB, in the last %d steps: %d MiB (growth %d KiB)%n",
                    WARMUP, WARMUP + WINDOW, baseline >> 20, WINDOW, end >> 20, growth >> 10);
            assertTrue(growth < MAX_GROWTH_BYTES, "resident memory grew by " + (growth >> 10) + " KiB");
        }
    }

    /** Resident set size of this process, from /proc (Linux). */
    static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
