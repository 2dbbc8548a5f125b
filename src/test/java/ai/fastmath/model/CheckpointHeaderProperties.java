package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.fastmath.Fuzz;
import ai.fastmath.FuzzJson;
import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.safetensors.NamedTensor;
import ai.fastmath.model.safetensors.SafetensorsFile;
import ai.fastmath.model.safetensors.SafetensorsWriter;
import ai.fastmath.model.safetensors.TensorInfo;
import ai.fastmath.model.safetensors.TensorStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint headers from the outside world: {@code config.json}, the safetensors header and the shard
 * index, random and damaged. Each either loads into something consistent or fails with a
 * {@link CheckpointException} naming the file; never another exception, never a hang.
 */
class CheckpointHeaderProperties {

    private static final long SEED = 20261128L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private byte[] validSafetensors;

    @BeforeEach
    void writeAValidFile() throws IOException {
        Path f = dir.resolve("valid.safetensors");
        SafetensorsWriter.write(f, List.of(
                NamedTensor.ofFloats("a", DType.F32, new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                NamedTensor.ofFloats("b", DType.BF16, new long[] {4}, new float[] {1, -1, 0.5f, 2}),
                NamedTensor.ofFloats("c", DType.F16, new long[] {1, 1, 2}, new float[] {3, 4}),
                NamedTensor.ofFloats("empty", DType.F32, new long[] {0, 5}, new float[0])), Map.of("format", "pt"));
        validSafetensors = Files.readAllBytes(f);
    }

    // ---- config.json ----

    /** A valid config.json's fields, as JSON text. */
    private static final Map<String, String> VALID = validConfig();

    private static Map<String, String> validConfig() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("architectures", "[\"Qwen2ForCausalLM\"]");
        v.put("model_type", "\"qwen2\"");
        v.put("vocab_size", "64");
        v.put("hidden_size", "16");
        v.put("intermediate_size", "32");
        v.put("num_hidden_layers", "2");
        v.put("num_attention_heads", "4");
        v.put("num_key_value_heads", "2");
        v.put("head_dim", "4");
        v.put("max_position_embeddings", "128");
        v.put("rope_theta", "10000.0");
        v.put("rms_norm_eps", "1e-6");
        v.put("tie_word_embeddings", "true");
        v.put("bos_token_id", "0");
        v.put("eos_token_id", "[1, 2]");
        v.put("rope_scaling", "null");
        v.put("use_sliding_window", "false");
        v.put("torch_dtype", "\"bfloat16\"");
        return v;
    }

    /** A value a config field should not have, or might. */
    private static String badValue(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> Fuzz.pick(r, "0", "-1", "-8", "3", "7", "1", "2147483647", "2147483648", "65536", "1.5", "\"8\"", "\"x\"",
                    "null", "true", "[]", "{}", "1e10", "1e309", "-1e309", "\"NaN\"", "\"Infinity\"", "1e-320", "[\"x\"]",
                    "{\"type\": \"yarn\"}", "[\"Llama\"]", "[]", "\"Qwen2ForCausalLM\"", "[null]", "\"llama\"");
            case 1 -> FuzzJson.scalar(r);
            default -> FuzzJson.value(r, 2, List.of());
        };
    }

    /** A valid config with one to three fields changed to a bad value or removed; or not a config at all. */
    private static String config(Random r) {
        if (r.nextInt(10) == 0) {
            return r.nextBoolean() ? FuzzJson.value(r, 2, List.of()) : FuzzJson.pathological(r);
        }
        Map<String, String> c = new LinkedHashMap<>(VALID);
        List<String> names = List.copyOf(VALID.keySet());
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
            String name = Fuzz.pick(r, names);
            if (r.nextInt(4) == 0) {
                c.remove(name);
            } else {
                c.put(name, badValue(r));
            }
        }
        StringBuilder b = new StringBuilder("{");
        c.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(FuzzJson.quote(k)).append(':').append(v));
        return b.append('}').toString();
    }

    @Test
    void configJsonLoadsConsistentlyOrFailsWithCheckpointException() {
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, 3000, r -> {
            String text = config(r);
            return r.nextInt(10) == 0 ? Fuzz.mutate(text.getBytes(StandardCharsets.UTF_8), 2, r) : text.getBytes(StandardCharsets.UTF_8);
        }, bytes -> {
            Fuzz.write(dir.resolve("config.json"), bytes);
            ModelConfig c;
            try {
                c = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> ModelConfig.load(dir));
            } catch (CheckpointException e) {
                assertTrue(e.getMessage() != null && e.getMessage().contains("config.json"), e.getMessage());
                paths.hit("refused");
                return;
            }
            paths.hit("loaded");
            assertTrue(c.vocabSize() > 0 && c.hiddenSize() > 0 && c.intermediateSize() > 0 && c.numLayers() > 0, c.toString());
            assertTrue(c.numHeads() > 0 && c.numKvHeads() > 0 && c.numHeads() % c.numKvHeads() == 0, c.toString());
            assertTrue(c.headDim() > 0 && c.headDim() % 2 == 0 && c.maxPositionEmbeddings() > 0, c.toString());
            assertTrue(Double.isFinite(c.ropeTheta()) && c.ropeTheta() > 0, c.toString());
            assertTrue(Double.isFinite(c.rmsNormEps()) && c.rmsNormEps() > 0, c.toString());
        });
        paths.atLeast("loaded", 150); // a bad value may still be valid (a larger vocabulary, a removed optional key)
        paths.atLeast("refused", 1500);
    }

    /** Found by the property: no head_dim and zero heads divided by zero before the heads were checked. */
    @Test
    void zeroHeadsIsNamedNotADivisionByZero() {
        Fuzz.write(dir.resolve("config.json"), ("{\"architectures\": [\"Qwen2ForCausalLM\"], \"vocab_size\": 8, \"hidden_size\": 16,"
                + " \"intermediate_size\": 32, \"num_hidden_layers\": 1, \"num_attention_heads\": 0}").getBytes(StandardCharsets.UTF_8));
        CheckpointException e = org.junit.jupiter.api.Assertions.assertThrows(CheckpointException.class, () -> ModelConfig.load(dir));
        assertTrue(e.getMessage().contains("num_attention_heads"), e.getMessage());
    }

    // ---- safetensors header ----

    /** A header entry's value: mostly well-formed, with shapes and offsets that may not fit. */
    private static String entry(Random r) {
        String n = Fuzz.pick(r, "0", "1", "2", "4", "8", "3", "-1", "4294967296", "4611686018427387904", "9223372036854775807",
                "18446744073709551616", "2.5", "\"4\"", "null", "1e3");
        String shape = "[" + String.join(",", Fuzz.pick(r, List.of(), List.of(n), List.of(n, Fuzz.pick(r, "2", "4294967296", n)),
                List.of("2", n, "2"))) + "]";
        String offsets = Fuzz.pick(r, "[0, 0]", "[0, 8]", "[0, 16]", "[8, 24]", "[16, 8]", "[-8, 8]", "[0, " + n + "]",
                "[" + n + ", " + n + "]", "[0]", "[0, 8, 16]", "null", "[0, 1e30]");
        Map<String, Function<Random, String>> f = new LinkedHashMap<>();
        f.put("dtype", x -> Fuzz.pick(x, "\"F32\"", "\"F16\"", "\"BF16\"", "\"bf16\"", "\"I32\"", "\"F8_E4M3\"", "\"\"", "null", "4"));
        f.put("shape", x -> x.nextInt(8) == 0 ? FuzzJson.value(x, 1, List.of()) : shape);
        f.put("data_offsets", x -> x.nextInt(8) == 0 ? FuzzJson.value(x, 1, List.of()) : offsets);
        return r.nextInt(8) == 0 ? FuzzJson.value(r, 2, List.of()) : FuzzJson.object(r, f, List.of("dtype", "shape", "data_offsets"));
    }

    private static String header(Random r) {
        int n = r.nextInt(4);
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(FuzzJson.quote(Fuzz.pick(r, "w", "x", "__metadata__", "", "w"))).append(':').append(entry(r));
        }
        return r.nextInt(10) == 0 ? FuzzJson.value(r, 2, List.of()) : b.append('}').toString();
    }

    /** A file: a random header over a data section of 0..64 bytes, the valid file damaged, or bytes. */
    private byte[] safetensors(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> Fuzz.mutate(validSafetensors, 1 + r.nextInt(4), r);
            case 1 -> {
                byte[] b = validSafetensors.clone(); // the header length lies
                long len = Fuzz.pick(r, 0L, -1L, 1L, 7L, Long.MAX_VALUE, Long.MIN_VALUE, 100_000_001L, (long) b.length, (long) b.length - 8,
                        r.nextLong());
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, len);
                yield b;
            }
            case 2 -> {
                byte[] b = new byte[r.nextInt(40)];
                r.nextBytes(b);
                yield b;
            }
            default -> {
                byte[] json = header(r).getBytes(StandardCharsets.UTF_8);
                byte[] data = new byte[Fuzz.pick(r, 0, 8, 16, 24, 64)];
                ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
                b.putLong(json.length).put(json).put(data);
                yield b.array();
            }
        };
    }

    @Test
    void safetensorsOpenConsistentlyOrFailWithCheckpointException() {
        Path file = dir.resolve("model.safetensors");
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, 3000, this::safetensors, bytes -> {
            Fuzz.write(file, bytes);
            SafetensorsFile f;
            try {
                f = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> SafetensorsFile.open(file));
            } catch (CheckpointException e) {
                assertTrue(e.getMessage() != null && e.getMessage().contains("model.safetensors"), e.getMessage());
                paths.hit("refused");
                return;
            }
            paths.hit(f.tensors().isEmpty() ? "opened, empty" : "opened, tensors read");
            try (f; TensorStore store = TensorStore.open(dir)) {
                JsonNode header = header(bytes);
                for (TensorInfo t : f.tensors().values()) {
                    JsonNode written = header.get(t.name());
                    long[] shape = new long[written.get("shape").size()];
                    for (int i = 0; i < shape.length; i++) {
                        JsonNode d = written.get("shape").get(i);
                        assertTrue(d.isIntegralNumber() && d.canConvertToLong(), t + ": dimension " + d + " read as a number");
                        shape[i] = d.longValue();
                    }
                    assertArrayEquals(shape, t.shape(), t.name());
                    assertTrue(0 <= t.begin() && t.begin() <= t.end(), t.toString());
                    if (t.dtype() != null) {
                        long bytesNeeded = Math.multiplyExact(t.numel(), (long) t.dtype().bytes());
                        assertEquals(bytesNeeded, t.byteLength(), t.toString());
                        assertEquals(t.numel(), store.readFloats(t.name()).length, t.toString());
                    }
                }
            } catch (ArithmeticException e) {
                fail("a shape whose size overflows was accepted: " + e);
            }
        });
        paths.atLeast("opened, tensors read", 40); // 57 of 3,000 with this seed: random headers rarely fit
        paths.atLeast("refused", 1000);
    }

    /** Found by the property: dimensions whose product overflows a long were accepted. */
    @Test
    void aShapeWhoseSizeOverflowsIsCorrupt() {
        for (String shape : List.of("[4294967296, 4294967296]", "[4611686018427387904, 4]", "[18446744073709551616]", "[2.5]", "[\"2\"]")) {
            byte[] json = ("{\"w\": {\"dtype\": \"F32\", \"shape\": " + shape + ", \"data_offsets\": [0, 0]}}").getBytes(StandardCharsets.UTF_8);
            Fuzz.write(dir.resolve("model.safetensors"), ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(json.length).put(json).array());
            CheckpointException e = org.junit.jupiter.api.Assertions.assertThrows(CheckpointException.class,
                    () -> SafetensorsFile.open(dir.resolve("model.safetensors")).close(), shape);
            assertTrue(e.getMessage().contains("tensor w"), e.getMessage());
        }
    }

    // ---- model.safetensors.index.json ----

    @Test
    void shardIndexOpensOrFailsWithCheckpointException() throws IOException {
        Files.write(dir.resolve("model-00001-of-00001.safetensors"), validSafetensors);
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, 500, r -> {
            Map<String, Function<Random, String>> f = new LinkedHashMap<>();
            f.put("weight_map", x -> x.nextInt(4) == 0 ? FuzzJson.value(x, 2, List.of()) : "{" + String.join(",",
                    Fuzz.pick(x, List.of(), List.of("\"a\": \"model-00001-of-00001.safetensors\""), List.of("\"zz\": \"model-00001-of-00001.safetensors\""),
                            List.of("\"a\": " + Fuzz.pick(x, "\"../valid.safetensors\"", "\"/etc/passwd\"", "\"\"", "\".\"", "\"x\\u0000y\"",
                                    "null", "1", "[]", "\"model-00001-of-00001.safetensors/\"", FuzzJson.string(x))))) + "}");
            f.put("metadata", x -> FuzzJson.value(x, 1, List.of()));
            return r.nextInt(6) == 0 ? FuzzJson.pathological(r) : FuzzJson.object(r, f, List.of("weight_map"));
        }, index -> {
            Fuzz.write(dir.resolve(TensorStore.INDEX_FILE), index.getBytes(StandardCharsets.UTF_8));
            try (TensorStore store = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> TensorStore.open(dir))) {
                for (String name : store.names()) {
                    store.readFloats(name);
                }
                paths.hit(store.names().isEmpty() ? "opened, empty" : "opened, tensors read");
            } catch (CheckpointException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                paths.hit("refused");
            }
        });
        paths.atLeast("opened, tensors read", 20);
        paths.atLeast("refused", 100);
    }

    private static JsonNode header(byte[] file) {
        long len = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        try {
            return JSON.readTree(new String(file, 8, (int) len, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
