package ai.fastmath.model;

import ai.fastmath.model.safetensors.TensorStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code checksums.json}: the size and SHA-256 of every file of a checkpoint (weights, config,
 * tokenizer), written when the checkpoint is saved and checked before it is served, so a truncated,
 * corrupted or swapped file is refused instead of served.
 *
 * <pre>{@code
 * {"algorithm": "sha256",
 *  "files": {"config.json": {"size": 482, "sha256": "9f2c..."},
 *            "model.safetensors": {"size": 4790848, "sha256": "c01d..."}}}
 * }</pre>
 *
 * Verification checks every listed file (sizes first, then hashes, streamed: weights can be many GB)
 * and requires every weight file the loader reads ({@code model.safetensors}, or the index and its
 * shards) to be listed.
 */
public final class CheckpointManifest {

    public static final String FILE = "checksums.json";

    /** The files besides the weights that a checkpoint is made of, recorded when present. */
    static final List<String> CHECKPOINT_FILES = List.of("config.json", "generation_config.json", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int CHUNK = 1 << 20;

    /** One file's record. */
    public record Entry(long size, String sha256) {}

    /** What a verification covered. */
    public record Verified(int files, long bytes) {}

    private CheckpointManifest() {}

    /** Hashes the checkpoint's files and writes {@code checksums.json} (replaced atomically); returns what it recorded. */
    public static Map<String, Entry> write(Path dir) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String name : checkpointFiles(dir)) {
            Path f = dir.resolve(name);
            entries.put(name, new Entry(size(f), sha256(f)));
        }
        if (weightFiles(dir).isEmpty()) {
            throw new CheckpointException(dir + ": no " + TensorStore.SINGLE_FILE + " or " + TensorStore.INDEX_FILE
                    + ": nothing to record in " + FILE);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("algorithm", "sha256");
        ObjectNode files = root.putObject("files");
        entries.forEach((name, e) -> files.putObject(name).put("size", e.size()).put("sha256", e.sha256()));
        try {
            Path tmp = dir.resolve(FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /**
     * Checks the checkpoint against its {@code checksums.json}; empty when it has none.
     *
     * @throws CheckpointException naming the file whose size or hash differs, a listed file that is missing,
     *     or a weight file that is not listed
     */
    public static Optional<Verified> verify(Path dir) {
        Path manifest = dir.resolve(FILE);
        if (!Files.exists(manifest)) {
            return Optional.empty();
        }
        Map<String, Entry> expected = read(manifest);
        for (String weights : weightFiles(dir)) {
            if (!expected.containsKey(weights)) {
                throw new CheckpointException(dir.resolve(weights) + " is not listed in " + manifest
                        + ": every weight file must be (rewrite it with `fastmath checksum " + dir + "`)");
            }
        }
        long bytes = 0;
        for (Map.Entry<String, Entry> e : expected.entrySet()) { // sizes first: a truncated file fails fast
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                throw new CheckpointException(f + " is listed in " + manifest + " but missing");
            }
            long size = size(f);
            if (size != e.getValue().size()) {
                throw new CheckpointException(f + " has " + size + " bytes, " + manifest + " recorded "
                        + e.getValue().size() + " (truncated or replaced after it was saved)");
            }
            bytes += size;
        }
        for (Map.Entry<String, Entry> e : expected.entrySet()) {
            Path f = dir.resolve(e.getKey());
            String actual = sha256(f);
            if (!actual.equals(e.getValue().sha256())) {
                throw new CheckpointException(f + ": SHA-256 " + actual + " differs from " + e.getValue().sha256()
                        + " recorded in " + manifest + " (the file changed after it was saved)");
            }
        }
        return Optional.of(new Verified(expected.size(), bytes));
    }

    private static Map<String, Entry> read(Path manifest) {
        JsonNode root;
        try {
            root = JSON.readTree(manifest.toFile());
        } catch (IOException e) {
            throw new CheckpointException(manifest + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!"sha256".equals(root.path("algorithm").asText()) || !root.path("files").isObject()) {
            throw new CheckpointException(manifest + ": expected {\"algorithm\": \"sha256\", \"files\": {...}}");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("files").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
                throw new CheckpointException(manifest + " lists '" + name + "': only files of the checkpoint directory itself");
            }
            JsonNode size = f.getValue().path("size");
            String sha = f.getValue().path("sha256").asText("");
            if (!size.canConvertToLong() || size.asLong() < 0 || !sha.matches("[0-9a-f]{64}")) {
                throw new CheckpointException(manifest + ": " + name + " needs a size and a 64-digit lowercase hex sha256");
            }
            entries.put(name, new Entry(size.asLong(), sha));
        }
        return entries;
    }

    /** The files a manifest records: the weights and the known checkpoint files present. */
    static List<String> checkpointFiles(Path dir) {
        TreeSet<String> names = new TreeSet<>(weightFiles(dir));
        for (String f : CHECKPOINT_FILES) {
            if (Files.isRegularFile(dir.resolve(f))) {
                names.add(f);
            }
        }
        return new ArrayList<>(names);
    }

    /** The weight files the loader reads: the index and the shards it names, or the single file. */
    static List<String> weightFiles(Path dir) {
        Path index = dir.resolve(TensorStore.INDEX_FILE);
        if (Files.exists(index)) {
            TreeSet<String> files = new TreeSet<>();
            files.add(TensorStore.INDEX_FILE);
            try {
                JSON.readTree(index.toFile()).path("weight_map").forEach(v -> files.add(v.asText()));
            } catch (IOException e) {
                throw new CheckpointException(index + " is not valid JSON: " + e.getMessage(), e);
            }
            for (String f : files) {
                if (f.isEmpty() || f.contains("/") || f.contains("\\") || f.startsWith(".")) {
                    throw new CheckpointException(index + " names shard '" + f + "': shards must be files of the checkpoint directory");
                }
            }
            return new ArrayList<>(files);
        }
        return Files.exists(dir.resolve(TensorStore.SINGLE_FILE)) ? List.of(TensorStore.SINGLE_FILE) : List.of();
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** Lowercase hex SHA-256 of a file, read in 1 MiB chunks (never the whole file in memory). */
    public static String sha256(Path f) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            while (ch.read(buf) >= 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + f + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
