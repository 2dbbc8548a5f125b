package ai.fastmath.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hyper-parameters of a Qwen2-architecture decoder, read from a Hugging Face
 * {@code config.json}. Only what the forward pass needs is kept; everything is validated on load so
 * that a bad conversion fails here, with the field named, and not deep inside a matrix multiply.
 */
public record ModelConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int maxPositionEmbeddings,
        double ropeTheta,
        double rmsNormEps,
        boolean tieWordEmbeddings,
        int bosTokenId,
        List<Integer> eosTokenIds,
        String torchDtype) {

    /** The architecture names this runtime implements. */
    public static final String ARCHITECTURE = "Qwen2ForCausalLM";

    public static final String MODEL_TYPE = "qwen2";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        require(vocabSize > 0, "vocab_size must be positive, got " + vocabSize);
        require(hiddenSize > 0, "hidden_size must be positive, got " + hiddenSize);
        require(intermediateSize > 0, "intermediate_size must be positive, got " + intermediateSize);
        require(numLayers > 0, "num_hidden_layers must be positive, got " + numLayers);
        require(numHeads > 0, "num_attention_heads must be positive, got " + numHeads);
        require(
                numKvHeads > 0 && numHeads % numKvHeads == 0,
                "num_key_value_heads (" + numKvHeads + ") must divide num_attention_heads ("
                        + numHeads + ")");
        require(headDim > 0 && headDim % 2 == 0, "head_dim must be positive and even, got " + headDim);
        require(maxPositionEmbeddings > 0, "max_position_embeddings must be positive, got " + maxPositionEmbeddings);
        require(ropeTheta > 0 && Double.isFinite(ropeTheta), "rope_theta must be positive and finite, got " + ropeTheta);
        require(rmsNormEps > 0 && Double.isFinite(rmsNormEps), "rms_norm_eps must be positive and finite, got " + rmsNormEps);
    }

    /** A config with the defaults of a small model, for random initialisation and benchmarks. */
    public static ModelConfig of(
            int vocabSize, int hidden, int intermediate, int layers, int heads, int kvHeads) {
        return new ModelConfig(
                vocabSize, hidden, intermediate, layers, heads, kvHeads, hidden / heads, 4096,
                10000.0, 1e-6, true, 0, List.of(1), "float32");
    }

    /** Query heads that share one key/value head. */
    public int groupSize() {
        return numHeads / numKvHeads;
    }

    /** Width of the concatenated query heads. */
    public int qDim() {
        return numHeads * headDim;
    }

    /** Width of the concatenated key (or value) heads. */
    public int kvDim() {
        return numKvHeads * headDim;
    }

    /** Parameters of the model, counting a tied head once. */
    public long parameterCount() {
        long attn = (long) hiddenSize * (qDim() + 2L * kvDim()) + qDim() + 2L * kvDim()
                + (long) qDim() * hiddenSize;
        long mlp = 3L * hiddenSize * intermediateSize;
        long layer = attn + mlp + 2L * hiddenSize;
        long embed = (long) vocabSize * hiddenSize;
        return embed + numLayers * layer + hiddenSize + (tieWordEmbeddings ? 0 : embed);
    }

    /** Multiply-adds x2 per token for the weight matrices (attention over the context excluded). */
    public long flopsPerToken() {
        long perLayer = (long) hiddenSize * (qDim() + 2L * kvDim()) + (long) qDim() * hiddenSize
                + 3L * hiddenSize * intermediateSize;
        return 2L * (numLayers * perLayer + (long) vocabSize * hiddenSize);
    }

    /** Reads {@code dir/config.json}. */
    public static ModelConfig load(Path dir) {
        Path file = dir.resolve("config.json");
        try {
            return parse(JSON.readTree(Files.readString(file)), file.toString());
        } catch (NoSuchFileException e) {
            throw new CheckpointException("no config.json in " + dir);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a config.json tree; {@code source} names the file in error messages. */
    public static ModelConfig parse(JsonNode n, String source) {
        List<String> archs = new ArrayList<>();
        n.path("architectures").forEach(a -> archs.add(a.asText()));
        String modelType = n.path("model_type").asText("");
        if (!archs.contains(ARCHITECTURE) && !(archs.isEmpty() && MODEL_TYPE.equals(modelType))) {
            throw new CheckpointException(
                    source + ": unsupported architecture " + (archs.isEmpty() ? "(none)" : archs)
                            + " (model_type '" + modelType + "'); FastMath runs " + ARCHITECTURE
                            + " (model_type " + MODEL_TYPE + ")");
        }
        JsonNode scaling = n.get("rope_scaling");
        if (scaling != null && !scaling.isNull()) {
            throw new CheckpointException(source + ": rope_scaling " + scaling + " is not supported");
        }
        if (n.path("use_sliding_window").asBoolean(false)) {
            throw new CheckpointException(
                    source + ": use_sliding_window=true is not supported (full attention only)");
        }
        int hidden = required(n, "hidden_size", source);
        int heads = required(n, "num_attention_heads", source);
        List<Integer> eos = new ArrayList<>();
        JsonNode eosNode = n.path("eos_token_id");
        if (eosNode.isArray()) {
            eosNode.forEach(e -> eos.add(e.asInt()));
        } else if (eosNode.isNumber()) {
            eos.add(eosNode.asInt());
        }
        try {
            return new ModelConfig(
                    required(n, "vocab_size", source),
                    hidden,
                    required(n, "intermediate_size", source),
                    required(n, "num_hidden_layers", source),
                    heads,
                    optional(n, "num_key_value_heads", heads, source),
                    optional(n, "head_dim", heads > 0 ? hidden / heads : 0, source), // zero heads: named below
                    optional(n, "max_position_embeddings", 32768, source),
                    n.path("rope_theta").asDouble(10000.0),
                    n.path("rms_norm_eps").asDouble(1e-6),
                    n.path("tie_word_embeddings").asBoolean(false),
                    optional(n, "bos_token_id", -1, source),
                    eos,
                    n.path("torch_dtype").asText("float32"));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + ": " + e.getMessage(), e);
        }
    }

    /** Writes this config as {@code dir/config.json} in the Hugging Face layout. */
    public void write(Path dir) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode archs = n.putArray("architectures");
        archs.add(ARCHITECTURE);
        n.put("model_type", MODEL_TYPE);
        n.put("vocab_size", vocabSize);
        n.put("hidden_size", hiddenSize);
        n.put("intermediate_size", intermediateSize);
        n.put("num_hidden_layers", numLayers);
        n.put("num_attention_heads", numHeads);
        n.put("num_key_value_heads", numKvHeads);
        if (headDim != hiddenSize / numHeads) {
            n.put("head_dim", headDim);
        }
        n.put("max_position_embeddings", maxPositionEmbeddings);
        n.put("rope_theta", ropeTheta);
        n.put("rms_norm_eps", rmsNormEps);
        n.put("tie_word_embeddings", tieWordEmbeddings);
        n.put("hidden_act", "silu");
        n.put("use_sliding_window", false);
        n.put("bos_token_id", bosTokenId);
        if (eosTokenIds.size() == 1) {
            n.put("eos_token_id", eosTokenIds.get(0));
        } else {
            ArrayNode eos = n.putArray("eos_token_id");
            eosTokenIds.forEach(eos::add);
        }
        n.put("torch_dtype", torchDtype);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(n));
    }

    private static int required(JsonNode n, String field, String source) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new CheckpointException(source + ": missing or non-integer field '" + field + "'");
        }
        return v.asInt();
    }

    /** An integer field that may be absent (or null); present, it must be an integer (not 1.5, "8", 2^31). */
    private static int optional(JsonNode n, String field, int absent, String source) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new CheckpointException(source + ": field '" + field + "' must be an integer, got " + v);
        }
        return v.asInt();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Settings by name, for call sites that would otherwise pass a row of unlabelled values. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ModelConfig}; what is not set keeps the default shown. */
    public static final class Builder {
        private int vocabSize;
        private int hiddenSize;
        private int intermediateSize;
        private int numLayers;
        private int numHeads;
        private int numKvHeads;
        private int headDim;
        private int maxPositionEmbeddings = 4096;
        private double ropeTheta = 10000.0;
        private double rmsNormEps = 1e-6;
        private boolean tieWordEmbeddings = true;
        private int bosTokenId = 0;
        private List<Integer> eosTokenIds = List.of(1);
        private String torchDtype = "float32";

        private Builder() {}

        public Builder vocabSize(int v) {
            vocabSize = v;
            return this;
        }

        public Builder hiddenSize(int v) {
            hiddenSize = v;
            return this;
        }

        public Builder intermediateSize(int v) {
            intermediateSize = v;
            return this;
        }

        public Builder numLayers(int v) {
            numLayers = v;
            return this;
        }

        public Builder numHeads(int v) {
            numHeads = v;
            return this;
        }

        public Builder numKvHeads(int v) {
            numKvHeads = v;
            return this;
        }

        public Builder headDim(int v) {
            headDim = v;
            return this;
        }

        public Builder maxPositionEmbeddings(int v) {
            maxPositionEmbeddings = v;
            return this;
        }

        public Builder ropeTheta(double v) {
            ropeTheta = v;
            return this;
        }

        public Builder rmsNormEps(double v) {
            rmsNormEps = v;
            return this;
        }

        public Builder tieWordEmbeddings(boolean v) {
            tieWordEmbeddings = v;
            return this;
        }

        public Builder bosTokenId(int v) {
            bosTokenId = v;
            return this;
        }

        public Builder eosTokenIds(List<Integer> v) {
            eosTokenIds = v;
            return this;
        }

        public Builder torchDtype(String v) {
            torchDtype = v;
            return this;
        }

        /** Builds the config; an unset head_dim is hidden_size / num_heads, as in Hugging Face's Qwen2. */
        public ModelConfig build() {
            int hd = headDim > 0 || numHeads <= 0 ? headDim : hiddenSize / numHeads;
            return new ModelConfig(vocabSize, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, hd,
                    maxPositionEmbeddings, ropeTheta, rmsNormEps, tieWordEmbeddings, bosTokenId, eosTokenIds, torchDtype);
        }
    }
}
