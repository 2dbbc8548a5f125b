package ai.fastmath.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.Fuzz;
import ai.fastmath.FuzzJson;
import ai.fastmath.model.CheckpointException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizer files of a checkpoint a refresh loads ({@code tokenizer.json}, {@code tokenizer_config.json}
 * with its chat template), random and damaged: each loads, and its template renders or raises
 * {@link ChatTemplate.TemplateException}; or loading fails with a {@link CheckpointException}. The
 * native tokenizer never takes the JVM down.
 */
class TokenizerFilesProperties {

    private static final long SEED = 20261128L;

    /** A word-level tokenizer small enough to load thousands of times. */
    private static final String TOKENIZER = "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": ["
            + "{\"id\": 3, \"content\": \"<eos>\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": false,"
            + " \"special\": true}], \"normalizer\": null, \"pre_tokenizer\": {\"type\": \"Whitespace\"}, \"post_processor\": null,"
            + " \"decoder\": null, \"model\": {\"type\": \"WordLevel\", \"vocab\": {\"a\": 0, \"b\": 1, \"[UNK]\": 2, \"<eos>\": 3},"
            + " \"unk_token\": \"[UNK]\"}}";

    @TempDir
    Path dir;

    private static String template(Random r) {
        return FuzzJson.quote(Fuzz.pick(r, "{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}",
                "{{ bos_token }}{% for m in messages %}{{ m['content'] }}{% endfor %}{% if add_generation_prompt %}A:{% endif %}",
                "{{ raise_exception('no') }}", "{% for %}", "{{ messages[99].content }}", "{{ 1 / 0 }}", "{% if %}", "{{", "",
                "{{ messages | tojson }}", "{% set x = namespace(a=1) %}{{ x.a }}", "{{ undefined_thing.deeper }}",
                "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "{% for i in range(100000000) %}{% endfor %}",
                Fuzz.chars(r, 30)));
    }

    private static String config(Random r) {
        Map<String, Function<Random, String>> f = new LinkedHashMap<>();
        f.put("chat_template", x -> x.nextInt(5) == 0 ? FuzzJson.value(x, 2, List.of())
                : x.nextInt(4) == 0 ? "[{\"name\": \"default\", \"template\": " + template(x) + "}]" : template(x));
        f.put("bos_token", x -> Fuzz.pick(x, "\"<s>\"", "null", "{\"content\": \"<s>\"}", "{}", "5", FuzzJson.value(x, 1, List.of())));
        f.put("eos_token", x -> Fuzz.pick(x, "\"<eos>\"", "null", "{\"content\": \"<eos>\"}", "[]", FuzzJson.value(x, 1, List.of())));
        f.put("added_tokens_decoder", x -> Fuzz.pick(x, "{\"3\": {\"content\": \"<eos>\"}}", "{}", "[]", "{\"x\": {\"content\": \"a\"}}",
                "{\"99999999999\": {}}", "{\"-1\": {\"content\": 5}}", "null", "7", FuzzJson.value(x, 2, List.of())));
        String text = r.nextInt(8) == 0 ? FuzzJson.pathological(r) : FuzzJson.object(r, f, List.of());
        return r.nextInt(8) == 0 ? new String(Fuzz.mutate(text.getBytes(StandardCharsets.UTF_8), 2, r), StandardCharsets.UTF_8) : text;
    }

    @Test
    void tokenizerConfigLoadsOrIsACheckpointError() {
        write(dir.resolve("tokenizer.json"), TOKENIZER);
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, 600, TokenizerFilesProperties::config, config -> {
            write(dir.resolve("tokenizer_config.json"), config);
            paths.hit(loadAndRender());
        });
        paths.atLeast("encoded", 150);
        paths.atLeast("refused", 30);
    }

    /** Found by the property: a key of added_tokens_decoder that is not an id threw NumberFormatException. */
    @Test
    void anAddedTokenKeyThatIsNotAnIdIsNamed() {
        write(dir.resolve("tokenizer.json"), TOKENIZER);
        write(dir.resolve("tokenizer_config.json"), "{\"added_tokens_decoder\": {\"99999999999\": {\"content\": \"<x>\"}}}");
        CheckpointException e = org.junit.jupiter.api.Assertions.assertThrows(CheckpointException.class, () -> TextTokenizer.load(dir));
        assertTrue(e.getMessage().contains("added_tokens_decoder key '99999999999'"), e.getMessage());
    }

    @Test
    void damagedTokenizerJsonIsACheckpointError() {
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, 300, TokenizerFilesProperties::damagedTokenizer, tokenizer -> {
            Fuzz.write(dir.resolve("tokenizer.json"), tokenizer);
            write(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"<eos>\", \"chat_template\": \"{{ messages[0].content }}\"}");
            paths.hit(loadAndRender());
        });
        paths.atLeast("encoded", 40);
        paths.atLeast("refused", 100);
    }

    /**
     * Two times in three, structural damage (truncation, invalid UTF-8, NUL, JSON punctuation), which
     * a uniform draw leaves usable about one time in a hundred; otherwise a vocabulary entry renamed
     * to other letters, which leaves the file usable (the path that must still encode).
     */
    private static byte[] damagedTokenizer(Random r) {
        if (r.nextInt(3) > 0) {
            return Fuzz.mutate(TOKENIZER.getBytes(StandardCharsets.UTF_8), 1 + r.nextInt(4), r);
        }
        String entry = Fuzz.pick(r, "\"a\": 0", "\"b\": 1");
        String renamed = "\"" + (char) ('c' + r.nextInt(20)) + (r.nextBoolean() ? "" : String.valueOf((char) ('a' + r.nextInt(26))))
                + entry.substring(2);
        return TOKENIZER.replace(entry, renamed).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Found by the property: JSON-level damage inside the decoder section made the native tokenizer panic,
     * which aborted the JVM (exit 134): a refresh with such a checkpoint would have killed the service.
     */
    @Test
    void whatWouldAbortTheNativeTokenizerIsACheckpointError() {
        for (String decoder : List.of("x", "\uFFFDnull", "{\"type\": \"\\ud800\"}", "\"\\udfff\"", "{\"type\": \"ByteLevel\", \"a\": 1e999}",
                "[".repeat(200) + "]".repeat(200))) {
            write(dir.resolve("tokenizer.json"), TOKENIZER.replace("\"decoder\": null", "\"decoder\": " + decoder));
            CheckpointException e = org.junit.jupiter.api.Assertions.assertThrows(CheckpointException.class, () -> TextTokenizer.load(dir),
                    decoder);
            assertTrue(e.getMessage().startsWith("cannot load " + dir.resolve("tokenizer.json")), e.getMessage());
        }
    }

    /** Loads, encodes and renders; returns the outcome: "refused", "loaded, cannot encode" or "encoded". */
    private String loadAndRender() {
        TextTokenizer tokenizer;
        try {
            tokenizer = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> TextTokenizer.load(dir));
        } catch (CheckpointException e) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(dir.toString()), e.getMessage());
            return "refused";
        }
        try (tokenizer) {
            try {
                tokenizer.encode("a b c");
                tokenizer.stopTokenIds(List.of(1));
            } catch (RuntimeException fromTheNativeTokenizer) {
                // a damaged tokenizer.json can load and still not encode ("Missing [UNK] token"): the native side
                // says so with an exception (a refresh's smoke test turns it into a CheckpointException), never a crash
                assertTrue(fromTheNativeTokenizer.getMessage() != null, fromTheNativeTokenizer.toString());
                return "loaded, cannot encode";
            }
            tokenizer.chatTemplate().ifPresent(t -> {
                try {
                    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> t.prompt("Be brief.", "a b"));
                } catch (ChatTemplate.TemplateException expected) {
                    assertTrue(expected.getMessage() != null);
                }
            });
            return "encoded";
        }
    }

    private static void write(Path file, String text) {
        Fuzz.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
