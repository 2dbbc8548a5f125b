package ai.fastmath.api.openai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.Fuzz;
import ai.fastmath.FuzzJson;
import ai.fastmath.api.LoadedModel;
import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.tokenizer.TextTokenizer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The polymorphic fields of the OpenAI requests on arbitrary JSON: {@code prompt} (a string, strings,
 * token ids, arrays of token ids), {@code stop} (a string or strings) and a message's {@code content}
 * (a string or text parts). Each is read as the form it has, checked against the JSON itself, or
 * refused with an IllegalArgumentException naming the field; never another exception.
 */
class OpenAiRequestsProperties {

    private static final long SEED = 20261203L;
    /** Numbers longer than Jackson's default limit too: the generators write 1,200-digit ones. */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(100_000).build()).build()).build();
    private static final int VOCAB = 151_669;

    private static TextTokenizer tokenizer;
    private static LoadedModel model;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = TextTokenizer.load(Path.of(OpenAiRequestsProperties.class.getResource("/tokenizers/qwen3/tokenizer.json").toURI())
                .getParent());
        model = new LoadedModel("m", Path.of("m"), Instant.now(), ModelConfig.of(VOCAB, 16, 32, 1, 2, 1), tokenizer, null, null);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token id, in range or not, or not an integer. */
    private static String id(Random r) {
        return r.nextInt(6) == 0 ? Fuzz.pick(r, "-1", "151669", "1e3", "1.5", "\"7\"", "null", "2147483648")
                : Integer.toString(r.nextInt(VOCAB));
    }

    private static String ids(Random r) {
        List<String> ids = new ArrayList<>();
        for (int n = r.nextInt(5); n > 0; n--) {
            ids.add(id(r));
        }
        return "[" + String.join(",", ids) + "]";
    }

    /** Any of the accepted forms, sometimes broken, or any JSON at all. */
    private static String prompt(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> FuzzJson.string(r);
            case 1 -> ids(r);
            case 2 -> {
                List<String> items = new ArrayList<>();
                for (int n = r.nextInt(4); n > 0; n--) {
                    items.add(r.nextBoolean() ? FuzzJson.string(r) : r.nextInt(4) == 0 ? FuzzJson.scalar(r) : ids(r));
                }
                yield "[" + String.join(",", items) + "]";
            }
            case 3 -> FuzzJson.quote(Fuzz.pick(r, "What is 2+3?", "Count:", "caf\u00e9"));
            default -> FuzzJson.value(r, 3, List.of());
        };
    }

    @Test
    void aPromptIsReadAsItsFormOrRefusedNamingPrompt() {
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED, 3000, r -> json(prompt(r)), p -> {
            List<int[]> prompts;
            try {
                prompts = OpenAiRequests.completionPrompts(p, model);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("prompt"), e.getMessage());
                paths.hit("refused");
                return;
            }
            // the oracle: the JSON's own shape
            if (p.isTextual()) {
                assertEquals(1, prompts.size());
                assertArrayEquals(tokenizer.encode(p.asText()), prompts.get(0));
                paths.hit("a string");
            } else if (p.get(0).isIntegralNumber()) {
                assertEquals(1, prompts.size());
                assertArrayEquals(ids(p), prompts.get(0));
                paths.hit("token ids");
            } else {
                assertEquals(p.size(), prompts.size());
                for (int i = 0; i < p.size(); i++) {
                    assertArrayEquals(p.get(i).isTextual() ? tokenizer.encode(p.get(i).asText()) : ids(p.get(i)), prompts.get(i));
                }
                paths.hit("a batch");
            }
            for (int[] ids : prompts) {
                assertTrue(ids.length > 0, "no empty prompt is accepted");
                for (int id : ids) {
                    assertTrue(id >= 0 && id < VOCAB, "id " + id);
                }
            }
        });
        for (String path : List.of("a string", "token ids", "a batch")) {
            paths.atLeast(path, 100);
        }
        paths.atLeast("refused", 300);
    }

    private static int[] ids(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).intValue();
        }
        return out;
    }

    @Test
    void stopIsAStringOrNonEmptyStringsOrRefusedNamingStop() {
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED + 1, 3000, r -> json(switch (r.nextInt(4)) {
            case 0 -> FuzzJson.string(r);
            case 1 -> {
                List<String> items = new ArrayList<>();
                for (int n = r.nextInt(4); n > 0; n--) {
                    items.add(r.nextInt(5) == 0 ? FuzzJson.scalar(r) : FuzzJson.string(r));
                }
                yield "[" + String.join(",", items) + "]";
            }
            default -> FuzzJson.value(r, 2, List.of());
        }), s -> {
            List<String> stop;
            try {
                stop = OpenAiRequests.stop(s);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("stop: "), e.getMessage());
                paths.hit("refused");
                return;
            }
            List<String> expected = new ArrayList<>();
            if (s.isTextual()) {
                expected.add(s.asText());
            } else if (s.isArray()) {
                s.forEach(e -> expected.add(e.asText()));
            }
            assertEquals(expected, stop);
            assertTrue(stop.stream().noneMatch(String::isEmpty));
            paths.hit(stop.isEmpty() ? "none" : "strings");
        });
        paths.atLeast("strings", 500);
        paths.atLeast("refused", 300);
    }

    @Test
    void contentIsAStringOrTextPartsOrRefusedNamingTheField() {
        Fuzz.Paths paths = new Fuzz.Paths();
        Fuzz.forAll(SEED + 2, 3000, r -> json(switch (r.nextInt(4)) {
            case 0 -> FuzzJson.string(r);
            case 1 -> {
                List<String> parts = new ArrayList<>();
                for (int n = r.nextInt(4); n > 0; n--) {
                    parts.add(r.nextInt(5) == 0 ? FuzzJson.value(r, 1, List.of())
                            : "{\"type\": " + (r.nextInt(8) == 0 ? "\"image_url\"" : "\"text\"") + ", \"text\": "
                            + (r.nextInt(8) == 0 ? FuzzJson.scalar(r) : FuzzJson.string(r)) + "}");
                }
                yield "[" + String.join(",", parts) + "]";
            }
            default -> FuzzJson.value(r, 2, List.of());
        }), c -> {
            String text;
            try {
                text = OpenAiRequests.content(c, "messages[1].content");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("messages[1].content: "), e.getMessage());
                paths.hit("refused");
                return;
            }
            StringBuilder expected = new StringBuilder();
            if (c.isTextual()) {
                expected.append(c.asText());
            } else {
                c.forEach(part -> expected.append(part.get("text").asText()));
            }
            assertEquals(expected.toString(), text);
            paths.hit(c.isTextual() ? "a string" : "text parts");
        });
        paths.atLeast("a string", 300);
        paths.atLeast("text parts", 200);
        paths.atLeast("refused", 300);
    }
}
