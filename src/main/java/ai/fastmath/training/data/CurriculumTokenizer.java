package ai.fastmath.training.data;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The character-level tokenizer of the small curriculum model, written in Hugging Face form
 * ({@code tokenizer.json} + {@code tokenizer_config.json}) so that it loads like a real Qwen
 * checkpoint's. Ids 0-4 are the special tokens {@code <|endoftext|>} (pad), {@code <|im_start|>},
 * {@code <|im_end|>} (eos: generation stops at the end of the assistant turn), {@code <think>},
 * {@code </think>}, each one id; then {@code \n} and the 95 printable ASCII characters, one id each.
 * The model is a BPE without merges, no normaliser and no pre-tokenizer, with a {@code Fuse} decoder,
 * so a text covered by the vocabulary round-trips exactly; a character outside it is dropped.
 */
public final class CurriculumTokenizer {

    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";
    public static final String THINK = "<think>";
    public static final String END_THINK = "</think>";

    /** The added tokens, in id order from 0. */
    public static final List<String> SPECIAL_TOKENS = List.of(END_OF_TEXT, IM_START, IM_END, THINK, END_THINK);

    /** The token that ends generation. */
    public static final String EOS_TOKEN = IM_END;

    /** ChatML like Qwen's: every turn {@code <|im_start|>role\n...<|im_end|>\n}, then the assistant's header. */
    static final String CHAT_TEMPLATE = """
            {%- for message in messages %}
                {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}
            {%- endfor %}
            {%- if add_generation_prompt %}
                {{- '<|im_start|>assistant\\n' }}
                {%- if enable_thinking is defined and enable_thinking is false %}
                    {{- '<think>\\n\\n</think>\\n\\n' }}
                {%- endif %}
            {%- endif %}
            """;

    private static final int MODEL_MAX_LENGTH = 4096;

    private CurriculumTokenizer() {}

    /** The characters with their own id, in id order after the special tokens. */
    public static List<String> characters() {
        List<String> chars = new ArrayList<>();
        chars.add("\n");
        for (char c = ' '; c <= '~'; c++) {
            chars.add(String.valueOf(c));
        }
        return chars;
    }

    /** The number of ids (special tokens and characters): the model's embedding rows. */
    public static int vocabSize() {
        return SPECIAL_TOKENS.size() + characters().size();
    }

    /** The id of a special token or a character of the vocabulary. */
    public static Optional<Integer> id(String token) {
        int special = SPECIAL_TOKENS.indexOf(token);
        if (special >= 0) {
            return Optional.of(special);
        }
        int c = characters().indexOf(token);
        return c >= 0 ? Optional.of(SPECIAL_TOKENS.size() + c) : Optional.empty();
    }

    /** Whether every character of a text has an id (special tokens are made of covered characters). */
    public static boolean covers(String text) {
        return text.chars().allMatch(c -> c == '\n' || (c >= ' ' && c <= '~'));
    }

    /**
     * The number of ids of a covered text: one per character, one per special token written in it
     * (what the written {@code tokenizer.json} gives; the tests compare the two).
     */
    public static int tokenCount(String text) {
        int n = text.length();
        for (String special : SPECIAL_TOKENS) {
            for (int i = text.indexOf(special); i >= 0; i = text.indexOf(special, i + special.length())) {
                n -= special.length() - 1;
            }
        }
        return n;
    }

    /** Writes {@code dir/tokenizer.json} and {@code dir/tokenizer_config.json}. */
    public static void write(Path dir) {
        ObjectMapper json = new ObjectMapper();
        // Hugging Face's layout: two-space indents, "key": value, \n line ends on every platform
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("tokenizer.json"), json.writer(pretty).writeValueAsString(tokenizerJson()) + "\n");
            Files.writeString(dir.resolve("tokenizer_config.json"), json.writer(pretty).writeValueAsString(tokenizerConfig()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tokenizer to " + dir + ": " + e.getMessage(), e);
        }
    }

    static ObjectNode tokenizerJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int id = 0; id < SPECIAL_TOKENS.size(); id++) {
            ObjectNode t = added.addObject();
            t.put("id", id);
            t.put("content", SPECIAL_TOKENS.get(id));
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        root.putNull("pre_tokenizer");
        root.putNull("post_processor");
        root.putObject("decoder").put("type", "Fuse");
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < SPECIAL_TOKENS.size(); id++) {
            vocab.put(SPECIAL_TOKENS.get(id), id);
        }
        List<String> chars = characters();
        for (int i = 0; i < chars.size(); i++) {
            vocab.put(chars.get(i), SPECIAL_TOKENS.size() + i);
        }
        model.putArray("merges");
        return root;
    }

    static ObjectNode tokenizerConfig() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("add_bos_token", false);
        root.put("add_prefix_space", false);
        ObjectNode decoder = root.putObject("added_tokens_decoder");
        for (int id = 0; id < SPECIAL_TOKENS.size(); id++) {
            ObjectNode t = decoder.putObject(Integer.toString(id));
            t.put("content", SPECIAL_TOKENS.get(id));
            t.put("lstrip", false);
            t.put("normalized", false);
            t.put("rstrip", false);
            t.put("single_word", false);
            t.put("special", true);
        }
        ArrayNode additional = root.putArray("additional_special_tokens");
        SPECIAL_TOKENS.subList(1, SPECIAL_TOKENS.size()).forEach(additional::add);
        root.putNull("bos_token");
        root.put("chat_template", CHAT_TEMPLATE);
        root.put("clean_up_tokenization_spaces", false);
        root.put("eos_token", EOS_TOKEN);
        root.put("errors", "replace");
        root.put("model_max_length", MODEL_MAX_LENGTH);
        root.put("pad_token", END_OF_TEXT);
        root.put("split_special_tokens", false);
        root.put("tokenizer_class", "PreTrainedTokenizerFast");
        root.putNull("unk_token");
        return root;
    }
}
