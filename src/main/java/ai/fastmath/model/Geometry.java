package ai.fastmath.model;

import ai.fastmath.io.Json;
import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.safetensors.NamedTensor;
import ai.fastmath.model.safetensors.SafetensorsWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The published geometries of real models, as random-init checkpoints a benchmark can load: the exact
 * {@code config.json} of each (sizes, heads, vocabulary, RoPE base, norm epsilon, tied or untied head),
 * weights drawn N(0, 0.02) and written once as BF16 shards, as the real checkpoints ship. A user sizes a
 * machine for a model without downloading it.
 */
public enum Geometry {
    /** Qwen/Qwen2.5-0.5B(-Instruct). */
    QWEN2_5_0_5B("qwen2.5-0.5b", 151_936, 896, 4864, 24, 14, 2, 32_768, 1_000_000.0, 1e-6, true, 151_643, 151_643),
    /** deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B. */
    R1_DISTILL_1_5B("r1-distill-1.5b", 151_936, 1536, 8960, 28, 12, 2, 131_072, 10_000.0, 1e-6, false, 151_646, 151_643),
    /** Qwen/Qwen2-7B(-Instruct). */
    QWEN2_7B("qwen2-7b", 152_064, 3584, 18_944, 28, 28, 4, 131_072, 1_000_000.0, 1e-6, false, 151_643, 151_643),
    /** deepseek-ai/DeepSeek-R1-Distill-Qwen-14B (and Fast-Math-R1-14B, fine-tuned from it). */
    R1_DISTILL_14B("r1-distill-14b", 152_064, 5120, 13_824, 48, 40, 8, 131_072, 1_000_000.0, 1e-5, false, 151_646, 151_643);

    /** The most bytes one shard holds (the published checkpoints use a few GB a shard). */
    public static final long SHARD_BYTES = 2_000_000_000L;
    private static final String COMPLETE = ".complete";

    private final String id;
    private final ModelConfig config;

    Geometry(String id, int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads, int maxPositions,
            double ropeTheta, double rmsNormEps, boolean tied, int bos, int eos) {
        this.id = id;
        this.config = ModelConfig.builder().vocabSize(vocab).hiddenSize(hidden).intermediateSize(intermediate)
                .numLayers(layers).numHeads(heads).numKvHeads(kvHeads).headDim(hidden / heads)
                .maxPositionEmbeddings(maxPositions).ropeTheta(ropeTheta).rmsNormEps(rmsNormEps).tieWordEmbeddings(tied)
                .bosTokenId(bos).eosTokenIds(List.of(eos)).torchDtype("bfloat16").build();
    }

    /** The name on the command line, e.g. {@code r1-distill-1.5b}. */
    public String id() {
        return id;
    }

    public ModelConfig config() {
        return config;
    }

    /** The geometry of a command-line name. */
    public static Geometry of(String id) {
        for (Geometry g : values()) {
            if (g.id.equals(id.strip().toLowerCase(Locale.ROOT))) {
                return g;
            }
        }
        throw new IllegalArgumentException("--geometry must be one of " + java.util.Arrays.stream(values()).map(Geometry::id).toList()
                + ", got '" + id + "'");
    }

    /** Where the checkpoints are kept: {@code $FASTMATH_CACHE}, else {@code ~/.cache/fastmath}, then {@code geometries/}. */
    public static Path cacheRoot() {
        String env = System.getenv("FASTMATH_CACHE");
        Path base = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "fastmath");
        return base.resolve("geometries");
    }

    /**
     * The checkpoint directory of this geometry under {@code root}, written first if it is not there
     * complete (a write cut off is started again; the directory counts only once its marker is written).
     *
     * @param progress told each shard as it is written
     */
    public Path ensure(Path root, java.util.function.Consumer<String> progress) {
        Path dir = root.resolve(id);
        if (Files.exists(dir.resolve(COMPLETE))) {
            return dir;
        }
        long bytes = config.parameterCount() * 2;
        try {
            Files.createDirectories(dir);
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < bytes + (1L << 28)) {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s: the %s geometry needs %.1f GB of disk, %.1f GB is free",
                        dir, id, bytes / 1e9, free / 1e9));
            }
            write(dir, config, 0, SHARD_BYTES, progress);
            Files.writeString(dir.resolve(COMPLETE), id + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + id + " geometry to " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /**
     * Writes a random-init checkpoint of {@code config} as BF16 shards of at most {@code shardBytes}
     * with the Hugging Face index, drawing one shard's tensors at a time.
     */
    static void write(Path dir, ModelConfig config, long seed, long shardBytes, java.util.function.Consumer<String> progress)
            throws IOException {
        List<List<RandomInit.Spec>> shards = new ArrayList<>();
        List<RandomInit.Spec> current = new ArrayList<>();
        long size = 0;
        for (RandomInit.Spec s : RandomInit.specs(config)) {
            long b = s.numel() * DType.BF16.bytes();
            if (!current.isEmpty() && size + b > shardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(s);
            size += b;
        }
        shards.add(current);
        ObjectNode index = Json.MAPPER.createObjectNode(); // the HF index keys are written as they are
        index.putObject("metadata").put("total_size", config.parameterCount() * DType.BF16.bytes());
        ObjectNode map = index.putObject("weight_map");
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < shards.size(); i++) {
            String file = String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, shards.size());
            List<NamedTensor> tensors = new ArrayList<>();
            RandomInit.forEach(shards.get(i), random, 0.02, DType.BF16, tensors::add);
            SafetensorsWriter.write(dir.resolve(file), tensors, Map.of("format", "pt"));
            shards.get(i).forEach(s -> map.put(s.name(), file));
            progress.accept(file);
        }
        Files.writeString(dir.resolve("model.safetensors.index.json"), Json.PRETTY.writeValueAsString(index));
        config.write(dir);
    }
}
