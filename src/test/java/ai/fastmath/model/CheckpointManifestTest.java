package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.safetensors.NamedTensor;
import ai.fastmath.model.safetensors.SafetensorsWriter;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** checksums.json: recorded at save time, and any changed, truncated, missing or unlisted file is named. */
class CheckpointManifestTest {

    @TempDir
    Path dir;

    /** A checkpoint-shaped directory: config, tokenizer config and weights (sharded when shardBytes is small). */
    private Path checkpoint(long shardBytes) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"Qwen2ForCausalLM\"]}");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{}");
        List<NamedTensor> tensors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            float[] v = new float[64];
            for (int j = 0; j < v.length; j++) {
                v[j] = i * 100 + j;
            }
            tensors.add(NamedTensor.ofFloats("t" + i, DType.F32, new long[] {8, 8}, v));
        }
        SafetensorsWriter.writeCheckpoint(dir, tensors, shardBytes);
        return dir;
    }

    private static void flipLastByte(Path f) throws Exception {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(r.length() - 1);
            int b = r.read();
            r.seek(r.length() - 1);
            r.write(b ^ 0x80);
        }
    }

    private CheckpointException refused() {
        return assertThrows(CheckpointException.class, () -> CheckpointManifest.verify(dir));
    }

    @Test
    void recordsEveryCheckpointFileAndVerifies() throws Exception {
        checkpoint(Long.MAX_VALUE);
        Map<String, CheckpointManifest.Entry> recorded = CheckpointManifest.write(dir);
        assertEquals(List.of("config.json", "model.safetensors", "tokenizer_config.json"), List.copyOf(recorded.keySet()));
        assertEquals(Files.size(dir.resolve("model.safetensors")), recorded.get("model.safetensors").size());
        assertEquals(CheckpointManifest.sha256(dir.resolve("config.json")), recorded.get("config.json").sha256());
        CheckpointManifest.Verified v = CheckpointManifest.verify(dir).orElseThrow();
        assertEquals(3, v.files());
        String json = Files.readString(dir.resolve(CheckpointManifest.FILE));
        assertTrue(json.contains("\"algorithm\" : \"sha256\""), json);
    }

    @Test
    void sha256IsTheStandardDigest() throws Exception {
        Files.writeString(dir.resolve("abc"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", CheckpointManifest.sha256(dir.resolve("abc")));
    }

    @Test
    void noManifestIsEmptyNotAnError() throws Exception {
        checkpoint(Long.MAX_VALUE);
        assertTrue(CheckpointManifest.verify(dir).isEmpty());
    }

    @Test
    void aFlippedByteIsRefusedNamingTheFile() throws Exception {
        checkpoint(Long.MAX_VALUE);
        CheckpointManifest.write(dir);
        flipLastByte(dir.resolve("model.safetensors"));
        CheckpointException e = refused();
        assertTrue(e.getMessage().contains("model.safetensors: SHA-256"), e.getMessage());
    }

    @Test
    void aTruncatedFileIsRefusedNamingTheFileAndSizes() throws Exception {
        checkpoint(Long.MAX_VALUE);
        CheckpointManifest.write(dir);
        Path weights = dir.resolve("model.safetensors");
        long size = Files.size(weights);
        try (FileChannel ch = FileChannel.open(weights, StandardOpenOption.WRITE)) {
            ch.truncate(size - 10);
        }
        CheckpointException e = refused();
        assertTrue(e.getMessage().contains("model.safetensors has " + (size - 10) + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("recorded " + size), e.getMessage());
    }

    @Test
    void aChangedConfigIsRefusedToo() throws Exception {
        checkpoint(Long.MAX_VALUE);
        CheckpointManifest.write(dir);
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"Qwen2ForCausalLM\"] }");
        assertTrue(refused().getMessage().contains("config.json"));
    }

    @Test
    void shardedCheckpointsListTheIndexAndEveryShard() throws Exception {
        checkpoint(600);
        Map<String, CheckpointManifest.Entry> recorded = CheckpointManifest.write(dir);
        List<String> shards;
        try (Stream<Path> s = Files.list(dir)) {
            shards = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors")).sorted().toList();
        }
        assertTrue(shards.size() > 1, shards.toString());
        assertTrue(recorded.keySet().containsAll(shards), recorded.keySet().toString());
        assertTrue(recorded.containsKey("model.safetensors.index.json"));
        CheckpointManifest.verify(dir).orElseThrow();
        flipLastByte(dir.resolve(shards.get(shards.size() - 1)));
        assertTrue(refused().getMessage().contains(shards.get(shards.size() - 1)));
    }

    @Test
    void aWeightFileMissingFromTheManifestIsRefused() throws Exception {
        checkpoint(Long.MAX_VALUE);
        CheckpointManifest.write(dir);
        String manifest = Files.readString(dir.resolve(CheckpointManifest.FILE));
        // a manifest that lists only the config: the weights are unverified, so the checkpoint is refused
        String configOnly = "{\"algorithm\": \"sha256\", \"files\": {\"config.json\": {\"size\": " + Files.size(dir.resolve("config.json"))
                + ", \"sha256\": \"" + CheckpointManifest.sha256(dir.resolve("config.json")) + "\"}}}";
        Files.writeString(dir.resolve(CheckpointManifest.FILE), configOnly);
        assertTrue(refused().getMessage().contains("model.safetensors is not listed"));
        Files.writeString(dir.resolve(CheckpointManifest.FILE), manifest);
        Files.delete(dir.resolve("tokenizer_config.json"));
        assertTrue(refused().getMessage().contains("tokenizer_config.json is listed"));
    }

    @Test
    void aManifestCannotPointOutsideTheDirectory() throws Exception {
        checkpoint(Long.MAX_VALUE);
        String sha = HexFormat.of().formatHex(new byte[32]);
        Files.writeString(dir.resolve(CheckpointManifest.FILE), "{\"algorithm\": \"sha256\", \"files\": {\"../secret\": {\"size\": 1, \"sha256\": \"" + sha + "\"}}}");
        assertTrue(refused().getMessage().contains("only files of the checkpoint directory"));
        Files.writeString(dir.resolve(CheckpointManifest.FILE), "not json");
        assertTrue(refused().getMessage().contains("not valid JSON"));
    }

    /** The checkpoints the training module committed carry a manifest that matches: serve verifies them. */
    @Test
    void committedModelsVerify() throws Exception {
        Path models = Path.of("training", "models");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(models)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(dirs.isEmpty(), "no committed models under " + models);
        for (Path d : dirs) {
            assertTrue(Files.exists(d.resolve(CheckpointManifest.FILE)), d + " has no " + CheckpointManifest.FILE
                    + ": run `fastmath checksum " + d + "` after changing its files");
            CheckpointManifest.Verified v = CheckpointManifest.verify(d).orElseThrow();
            assertTrue(v.files() >= 4, d + ": " + v);
        }
    }
}
