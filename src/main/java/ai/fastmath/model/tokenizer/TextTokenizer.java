package ai.fastmath.model.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.fastmath.model.CheckpointException;
import ai.fastmath.model.TensorRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tokenizer of a checkpoint: {@code tokenizer.json} through DJL's binding of Hugging Face
 * tokenizers, and from {@code tokenizer_config.json} the special tokens (bos, eos, {@code <think>},
 * {@code </think>}) and the chat template.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Integer> specialIds;
    private final String eosToken;
    private final ChatTemplate chatTemplate;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Map<String, Integer> specialIds,
            String eosToken, ChatTemplate chatTemplate) {
        this.tokenizer = tokenizer;
        this.specialIds = specialIds;
        this.eosToken = eosToken;
        this.chatTemplate = chatTemplate;
    }

    /** Loads {@code dir/tokenizer.json} and, if present, {@code dir/tokenizer_config.json}. */
    public static TextTokenizer load(Path dir) {
        TensorRuntime.cpu(); // DJL offline settings before the native tokenizer loads
        Path json = dir.resolve("tokenizer.json");
        if (!Files.exists(json)) {
            throw new CheckpointException("no tokenizer.json in " + dir);
        }
        TokenizerJsonCheck.check(json); // what would abort the JVM inside the native tokenizer fails here instead
        HuggingFaceTokenizer tok;
        try {
            tok = HuggingFaceTokenizer.newInstance(json, Map.of(
                    "addSpecialTokens", "false",
                    "truncation", "false",
                    "padding", "false",
                    "modelMaxLength", String.valueOf(Integer.MAX_VALUE)));
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException("cannot load " + json + ": " + e.getMessage(), e);
        }
        JsonNode config = null;
        Path configFile = dir.resolve("tokenizer_config.json");
        if (Files.exists(configFile)) {
            try {
                config = new ObjectMapper().readTree(Files.readString(configFile));
            } catch (IOException e) {
                tok.close();
                throw new CheckpointException("cannot read " + configFile + ": " + e.getMessage(), e);
            }
        }
        Map<String, Integer> special = new HashMap<>();
        if (config != null && config.has("added_tokens_decoder")) {
            for (var it = config.get("added_tokens_decoder").fields(); it.hasNext(); ) {
                var e = it.next();
                try {
                    special.put(e.getValue().path("content").asText(), Integer.parseInt(e.getKey()));
                } catch (NumberFormatException notAnId) {
                    tok.close();
                    throw new CheckpointException(configFile + ": added_tokens_decoder key '" + e.getKey() + "' is not a token id");
                }
            }
        }
        String bos = config == null ? null : tokenText(config.get("bos_token"));
        String eos = config == null ? null : tokenText(config.get("eos_token"));
        ChatTemplate template = null;
        if (config != null && config.has("chat_template")) {
            template = new ChatTemplate(templateText(config.get("chat_template")), bos, eos);
        }
        return new TextTokenizer(tok, special, eos, template);
    }

    /** A token in tokenizer_config.json is a string or an object with {@code content}. */
    private static String tokenText(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isTextual() ? n.asText() : n.path("content").asText(null);
    }

    /** {@code chat_template} is a string, or a list of named templates of which "default" is used. */
    private static String templateText(JsonNode n) {
        if (n.isTextual()) {
            return n.asText();
        }
        for (JsonNode t : n) {
            if ("default".equals(t.path("name").asText())) {
                return t.path("template").asText();
            }
        }
        return n.path(0).path("template").asText();
    }

    /** Token ids of a text; special tokens written in the text are recognised. */
    public int[] encode(String text) {
        Encoding e = tokenizer.encode(text);
        long[] ids = e.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    /** Text of token ids, special tokens included. */
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, false);
    }

    /** Text of token ids. */
    public String decode(List<Integer> ids) {
        return decode(ids.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The id of a token that encodes to exactly one id (special or not). */
    public Optional<Integer> tokenId(String token) {
        Integer id = specialIds.get(token);
        if (id != null) {
            return Optional.of(id);
        }
        int[] ids = encode(token);
        return ids.length == 1 ? Optional.of(ids[0]) : Optional.empty();
    }

    public Optional<String> eosToken() {
        return Optional.ofNullable(eosToken);
    }

    /**
     * The id of {@code eos_token}, the token that ends an assistant turn (what training appends to a
     * reply and rollouts stop at).
     *
     * @throws IllegalArgumentException when the tokenizer names none, or it has no single id
     */
    public int eosId() {
        String eos = eosToken().orElseThrow(() -> new IllegalArgumentException("the tokenizer names no eos_token"));
        return tokenId(eos).orElseThrow(() -> new IllegalArgumentException("eos_token " + eos + " has no id"));
    }

    /** Ids that end generation: the tokenizer's eos plus any given (e.g. config.json's). */
    public Set<Integer> stopTokenIds(List<Integer> configEos) {
        Set<Integer> out = new LinkedHashSet<>(configEos);
        eosToken().flatMap(this::tokenId).ifPresent(out::add);
        return out;
    }

    /** The checkpoint's chat template, if it has one. */
    public Optional<ChatTemplate> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
