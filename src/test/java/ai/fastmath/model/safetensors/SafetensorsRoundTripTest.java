package ai.fastmath.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer and reader agree, in one file and in shards, for every dtype. */
class SafetensorsRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void singleFileRoundTripIsExact() throws Exception {
        List<NamedTensor> tensors = randomTensors(DType.F32, 5);
        List<Path> files = SafetensorsWriter.writeCheckpoint(dir, tensors, Long.MAX_VALUE);
        assertEquals(List.of(dir.resolve("model.safetensors")), files);
        try (TensorStore store = TensorStore.open(dir)) {
            assertEquals(tensors.size(), store.names().size());
            for (NamedTensor t : tensors) {
                assertArrayEquals(t.shape(), store.info(t.name()).shape());
                assertArrayEquals(floats(t), store.readFloats(t.name()), t.name());
            }
        }
    }

    @Test
    void shardedRoundTripWritesIndexAndReadsEveryTensor() throws Exception {
        List<NamedTensor> tensors = randomTensors(DType.F32, 7);
        List<Path> files = SafetensorsWriter.writeCheckpoint(dir, tensors, 400);
        assertTrue(files.size() > 3, "several shards plus the index: " + files);
        assertTrue(Files.exists(dir.resolve(TensorStore.INDEX_FILE)));
        assertTrue(Files.exists(dir.resolve(String.format("model-00001-of-%05d.safetensors", files.size() - 1))));
        try (TensorStore store = TensorStore.open(dir)) {
            for (NamedTensor t : tensors) {
                assertArrayEquals(floats(t), store.readFloats(t.name()), t.name());
            }
        }
    }

    @Test
    void bf16AndF16AreWidenedExactly() throws Exception {
        List<NamedTensor> bf = randomTensors(DType.BF16, 2);
        List<NamedTensor> half = randomTensors(DType.F16, 2).stream()
                .map(t -> new NamedTensor("half." + t.name(), t.dtype(), t.shape(), t.data()))
                .toList();
        List<NamedTensor> all = new ArrayList<>(bf);
        all.addAll(half);
        SafetensorsWriter.writeCheckpoint(dir, all, Long.MAX_VALUE);
        try (TensorStore store = TensorStore.open(dir)) {
            for (NamedTensor t : all) {
                assertEquals(t.dtype(), store.info(t.name()).dtype());
                assertArrayEquals(floats(t), store.readFloats(t.name()), t.name());
            }
        }
    }

    @Test
    void readsTheShardedBf16GoldenCheckpoint() {
        try (TensorStore store = TensorStore.open(Golden.dir(Golden.BF16_SHARDED))) {
            assertEquals(DType.BF16, store.info("model.norm.weight").dtype());
            assertArrayEquals(new long[] {96, 64}, store.info("model.embed_tokens.weight").shape());
            assertEquals(3 * 12 + 2, store.names().size());
            float[] norm = store.readFloats("model.layers.2.input_layernorm.weight");
            for (float v : norm) {
                // a bfloat16 widened to float32 has 16 zero low bits
                assertEquals(0, Float.floatToRawIntBits(v) & 0xFFFF);
            }
        }
    }

    @Test
    void halfPrecisionConversionsRoundToNearestEven() {
        assertEquals(1.0f, DType.f16ToF32(DType.f32ToF16(1.0f)));
        assertEquals(65504f, DType.f16ToF32(DType.f32ToF16(65504f)));
        assertEquals(Float.POSITIVE_INFINITY, DType.f16ToF32(DType.f32ToF16(1e6f)));
        assertEquals(5.9604645e-8f, DType.f16ToF32(DType.f32ToF16(5.9604645e-8f))); // smallest subnormal
        assertEquals((short) 0x3F80, DType.f32ToBf16(1.0f));
        // 1 + 2^-8 lies halfway between two bfloat16 values: ties go to the even one, 1.0
        assertEquals((short) 0x3F80, DType.f32ToBf16(1.00390625f));
        assertTrue(Float.isNaN(DType.f16ToF32(DType.f32ToF16(Float.NaN))));
    }

    private static float[] floats(NamedTensor t) {
        var buf = t.data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int n = t.data().remaining() / t.dtype().bytes();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (t.dtype()) {
                case F32 -> buf.getFloat();
                case F16 -> DType.f16ToF32(buf.getShort());
                case BF16 -> Float.intBitsToFloat((buf.getShort() & 0xFFFF) << 16);
            };
        }
        return out;
    }

    static List<NamedTensor> randomTensors(DType dtype, int count) {
        Random r = new Random(count);
        List<NamedTensor> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long[] shape = i % 2 == 0 ? new long[] {7, 13} : new long[] {31};
            float[] v = new float[(int) (shape.length == 2 ? shape[0] * shape[1] : shape[0])];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) r.nextGaussian();
            }
            out.add(NamedTensor.ofFloats("t" + i + ".weight", dtype, shape, v));
        }
        return out;
    }

}
