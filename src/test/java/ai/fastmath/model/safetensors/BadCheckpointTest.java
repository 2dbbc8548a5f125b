package ai.fastmath.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.CheckpointException;
import ai.fastmath.model.Golden;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.TensorRuntime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every broken checkpoint fails with a clear message, never a crash. */
class BadCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void missingTensorIsNamed() throws IOException {
        copyGolden();
        rewriteWithout("model.layers.1.mlp.up_proj.weight");
        assertLoadFails("missing tensor model.layers.1.mlp.up_proj.weight");
    }

    @Test
    void shapeDisagreeingWithConfigIsNamed() throws IOException {
        copyGolden();
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"intermediate_size\": 160", "\"intermediate_size\": 128"));
        assertLoadFails("has shape [160, 64] but config.json implies [128, 64]");
    }

    @Test
    void unsupportedDtypeIsNamed() throws IOException {
        copyGolden();
        Path file = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        // same width, other type: the embedding becomes 32-bit integers
        int at = all.indexOf("\"dtype\":\"F32\"", all.indexOf("model.embed_tokens.weight"));
        byte[] patch = "\"dtype\":\"I32\"".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(patch, 0, bytes, at, patch.length);
        Files.write(file, bytes);
        assertLoadFails("unsupported dtype I32");
    }

    @Test
    void headerLengthPastEndOfFile() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1_000_000).putLong(0);
        Files.write(dir.resolve("model.safetensors"), b.array());
        writeConfig();
        assertLoadFails("header length 1000000 runs past the end of the file (16 bytes)");
    }

    @Test
    void truncatedFileHasOffsetsOutOfRange() throws IOException {
        copyGolden();
        Path file = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1000));
        assertLoadFails("out of range");
    }

    @Test
    void tinyFileIsTruncated() throws IOException {
        Files.write(dir.resolve("model.safetensors"), new byte[3]);
        writeConfig();
        assertLoadFails("truncated file");
    }

    @Test
    void headerThatIsNotJsonIsCorrupt() throws IOException {
        byte[] junk = "{not json at all".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + junk.length).order(ByteOrder.LITTLE_ENDIAN).putLong(junk.length).put(junk);
        Files.write(dir.resolve("model.safetensors"), b.array());
        writeConfig();
        assertLoadFails("corrupt header");
    }

    @Test
    void indexListingAMissingShard() throws IOException {
        Path golden = Golden.dir(Golden.BF16_SHARDED);
        for (String f : new String[] {"config.json", "model.safetensors.index.json", "model-00001-of-00002.safetensors"}) {
            Files.copy(golden.resolve(f), dir.resolve(f));
        }
        assertLoadFails("model-00002-of-00002.safetensors, which is missing");
    }

    @Test
    void unknownArchitectureNamesWhatIsSupported() throws IOException {
        copyGolden();
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config)
                .replace("Qwen2ForCausalLM", "LlamaForCausalLM").replace("\"qwen2\"", "\"llama\""));
        assertLoadFails("unsupported architecture [LlamaForCausalLM] (model_type 'llama'); FastMath runs Qwen2ForCausalLM");
    }

    @Test
    void missingWeightsFile() throws IOException {
        writeConfig();
        assertLoadFails("no model.safetensors or model.safetensors.index.json");
    }

    private void assertLoadFails(String expected) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Qwen2Model.load(dir, TensorRuntime.cpu()).close());
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }

    private void copyGolden() throws IOException {
        Path golden = Golden.dir(Golden.F32);
        try (Stream<Path> files = Files.list(golden)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void writeConfig() throws IOException {
        Files.copy(Golden.dir(Golden.F32).resolve("config.json"), dir.resolve("config.json"));
    }

    private void rewriteWithout(String name) throws IOException {
        java.util.List<NamedTensor> kept = new java.util.ArrayList<>();
        try (TensorStore store = TensorStore.open(dir)) {
            for (String n : store.names()) {
                if (!n.equals(name)) {
                    TensorInfo t = store.info(n);
                    kept.add(NamedTensor.ofFloats(n, DType.F32, t.shape(), store.readFloats(n)));
                }
            }
        }
        SafetensorsWriter.writeCheckpoint(dir, kept, Long.MAX_VALUE);
    }
}
