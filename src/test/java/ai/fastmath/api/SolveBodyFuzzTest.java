package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.Fuzz;
import ai.fastmath.FuzzJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bodies, over real HTTP, for {@code POST /v1/solve}, {@code /v1/solve/stream} and
 * {@code /v1/admin/models/load}: every answer is 200 or 400, and every 400 has OpenAI's error shape
 * with a message. A valid body with fields spoiled is judged by how it was spoiled: a field given a
 * value it must refuse (out of range, wrong type), an unknown field, or a missing problem gets a 400
 * naming one of them; a body whose every field stayed valid gets a 200. A plain {@code @QuarkusTest} looping over seeded generated bodies (properties of a
 * property-testing engine would not get the running app), on the serving tests' profile so that
 * Quarkus does not restart. Valid solve bodies stay cheap: n and max_tokens are always present and
 * either tiny or invalid (null would mean the default: 8 samples of up to the whole context).
 */
@QuarkusTest
@TestProfile(ServingProfile.class)
class SolveBodyFuzzTest {

    private static final long SEED = 20261128L;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> FIELDS = List.of("problem", "system_prompt", "n", "temperature", "top_p", "min_p", "max_tokens",
            "token_budget", "deadline_s", "rule", "seed", "include_text", "answer_mode", "fallback");

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void ready() throws InterruptedException {
        Ready.await();
    }

    /** Values a field may take: valid and cheap, including the edges of each range. */
    static final Map<String, List<String>> VALID = new LinkedHashMap<>();
    /** Values a field must refuse: wrong in type, range or form. */
    static final Map<String, List<String>> BAD = new LinkedHashMap<>();

    static {
        VALID.put("problem", List.of("\"What is 2+3?\"", "\"1+1\"", "\"Compute 7*6. \\\\boxed{}\"", "\"caf\u00e9 \\ud83d\\ude00\""));
        BAD.put("problem", List.of("\"\"", "\"   \"", "null", "5", "[]", "{}", FuzzJson.quote("long ".repeat(20_000))));
        VALID.put("system_prompt", List.of("\"Be brief.\"", "\"\"", "null"));
        BAD.put("system_prompt", List.of("1", "[\"a\"]", "{}", FuzzJson.quote("x ".repeat(2000))));
        VALID.put("n", List.of("1", "2", "\"2\""));
        BAD.put("n", List.of("0", "-1", "65", "2147483648", "1e10", "\"two\"", "true", "[]", "{}"));
        VALID.put("temperature", List.of("0", "0.7", "1.0", "2", "1e-320", "4.9e-324", "1e-300", "1e308", "null"));
        BAD.put("temperature", List.of("-1", "1e999", "\"NaN\"", "\"Infinity\"", "\"x\"", "[]"));
        VALID.put("top_p", List.of("0.9", "1", "0.5", "1e-320", "null"));
        BAD.put("top_p", List.of("0", "1.5", "-0.1", "\"NaN\"", "{}"));
        VALID.put("min_p", List.of("0.05", "0", "1", "null"));
        BAD.put("min_p", List.of("2", "-1", "\"NaN\"", "true"));
        VALID.put("max_tokens", List.of("1", "2", "4", "\"3\""));
        BAD.put("max_tokens", List.of("0", "-3", "100000", "2147483647", "2147483648", "\"x\"", "[4]"));
        VALID.put("token_budget", List.of("0", "3", "1000000", "9223372036854775807", "null"));
        BAD.put("token_budget", List.of("-1", "9223372036854775808", "1e30", "\"x\""));
        VALID.put("deadline_s", List.of("30", "60.5", "1e6", "null"));
        BAD.put("deadline_s", List.of("0", "-1", "1e7", "1e308", "1e999", "\"NaN\"", "\"x\"", "true"));
        VALID.put("rule", List.of("\"none\"", "\"beta\"", "\"beta:0.9\"", "\"unbeatable\"", "\"k-of-m:2/3\"", "null"));
        BAD.put("rule", List.of("\"beta:2\"", "\"beta:NaN\"", "\"beta:\"", "\"k-of-m:9/5\"", "\"k-of-m:a/b\"", "\"k-of-m:\"",
                "\"k-of-m:2147483648/1\"", "\"\"", "\"x\"", "5"));
        VALID.put("seed", List.of("0", "-1", "9223372036854775807", "\"7\"", "null"));
        BAD.put("seed", List.of("9223372036854775808", "1e30", "\"x\"", "[]"));
        VALID.put("include_text", List.of("true", "false", "null"));
        BAD.put("include_text", List.of("\"yes\"", "[]", "{}"));
        VALID.put("answer_mode", List.of("\"exact\"", "\"aimo\"", "\" AIMO \"", "null"));
        BAD.put("answer_mode", List.of("\"x\"", "\"\"", "1", "[]"));
        VALID.put("fallback", List.of("\"none\"", "\"last_number\"", "\"LAST_NUMBER\"", "null"));
        BAD.put("fallback", List.of("\"guess\"", "[]", "2"));
    }

    /**
     * A body and what it must get: {@code refused} names the fields it spoiled so that the service must
     * refuse it (400 naming one of them, or one of {@code unknown}: fields given a value that may or may
     * not be valid); {@code anyAnswer}: the spoiling may or may not have left it valid (a damaged or
     * arbitrary body, a value of unknown validity), so 200 or a 400 in the error shape; otherwise 200.
     */
    record Case(byte[] body, java.util.Set<String> refused, java.util.Set<String> unknown, boolean anyAnswer) {}

    /** Unknown fields a client might send by mistake (never the empty name: a 400 naming it says nothing). */
    static final List<String> UNKNOWN = List.of("samples", "Problem", "max-tokens", "stream");

    /**
     * A valid cheap body (problem, n and max_tokens, some other fields), then none to three fields
     * spoiled: a value it must refuse, any scalar (judged against the field's valid and refused
     * values; otherwise either answer is accepted), a field removed (never n or max_tokens: their
     * defaults are expensive; a removed problem must be refused), or an unknown field added.
     */
    static Case validThenSpoiled(Random r) {
        Map<String, String> body = new LinkedHashMap<>();
        VALID.forEach((field, values) -> {
            if (List.of("problem", "n", "max_tokens").contains(field) || r.nextInt(5) < 2) {
                body.put(field, Fuzz.pick(r, values));
            }
        });
        java.util.Set<String> refused = new java.util.TreeSet<>();
        java.util.Set<String> unknownValidity = new java.util.TreeSet<>();
        for (int k = Fuzz.pick(r, 0, 0, 1, 1, 1, 2, 3); k > 0; k--) {
            String field = Fuzz.pick(r, FIELDS);
            switch (r.nextInt(6)) {
                case 0 -> {
                    String v = FuzzJson.scalar(r);
                    v = v.equals("null") && List.of("n", "max_tokens").contains(field) ? "0" : v;
                    body.put(field, v);
                    refused.remove(field);
                    unknownValidity.remove(field);
                    if (BAD.get(field).contains(v)) {
                        refused.add(field);
                    } else if (!VALID.get(field).contains(v)) {
                        unknownValidity.add(field);
                    }
                }
                case 1 -> {
                    if (!field.equals("n") && !field.equals("max_tokens")) {
                        body.remove(field);
                        refused.remove(field);
                        unknownValidity.remove(field);
                        if (field.equals("problem")) {
                            refused.add("problem");
                        }
                    }
                }
                case 2 -> {
                    String unknown = Fuzz.pick(r, UNKNOWN);
                    body.put(unknown, FuzzJson.scalar(r));
                    refused.add(unknown);
                }
                default -> {
                    body.put(field, Fuzz.pick(r, BAD.get(field)));
                    unknownValidity.remove(field);
                    refused.add(field);
                }
            }
        }
        List<String> members = new java.util.ArrayList<>();
        body.forEach((k, v) -> members.add(FuzzJson.quote(k) + ":" + v));
        java.util.Collections.shuffle(members, r);
        byte[] bytes = ("{" + String.join(",", members) + "}").getBytes(StandardCharsets.UTF_8);
        return new Case(bytes, refused, unknownValidity, refused.isEmpty() && !unknownValidity.isEmpty());
    }

    /** A solve body: mostly valid-then-spoiled objects, sometimes anything else, sometimes damaged bytes. */
    static Case solveBody(Random r) {
        Case c = switch (r.nextInt(10)) {
            case 0 -> new Case(FuzzJson.value(r, 3, FIELDS).getBytes(StandardCharsets.UTF_8), java.util.Set.of(), java.util.Set.of(),
                    true);
            case 1 -> new Case(FuzzJson.pathological(r).getBytes(StandardCharsets.UTF_8), java.util.Set.of(), java.util.Set.of(),
                    true);
            default -> validThenSpoiled(r);
        };
        return r.nextInt(8) == 0 ? new Case(Fuzz.mutate(c.body(), 1 + r.nextInt(3), r), java.util.Set.of(), java.util.Set.of(), true)
                : c;
    }

    /** Counts the cases that reached each path, so that a run that never reaches one fails. */
    private static final class Paths {
        int answered;
        int refused;
    }

    private static void judge(Case c, HttpResponse<String> res, Paths paths, java.util.function.Consumer<String> answered) {
        if (!c.refused().isEmpty()) {
            assertOpenAiError(res);
            JsonNode error = json(res.body()).path("error");
            String said = error.path("message").asText() + " " + error.path("param").asText();
            java.util.Set<String> named = new java.util.TreeSet<>(c.refused());
            named.addAll(c.unknown());
            assertTrue(named.stream().anyMatch(said::contains), "the 400 names one of " + named + ": " + res.body());
            paths.refused++;
        } else if (c.anyAnswer() && res.statusCode() != 200) {
            assertOpenAiError(res);
        } else {
            assertEquals(200, res.statusCode(), "every field valid: " + new String(c.body(), StandardCharsets.UTF_8) + " -> "
                    + res.body());
            answered.accept(res.body());
            paths.answered += c.anyAnswer() ? 0 : 1;
        }
    }

    @Test
    void validBodiesAreAnsweredAndSpoiledFieldsAreRefusedByName() {
        Paths paths = new Paths();
        Fuzz.forAll(SEED, 200, SolveBodyFuzzTest::solveBody, c -> judge(c, post("/v1/solve", c.body()), paths, body -> {
            JsonNode n = json(body);
            assertTrue(n.has("answer") && n.path("samples").isArray(), body);
        }));
        assertTrue(paths.answered >= 25 && paths.refused >= 60, "both paths: " + paths.answered + " answered, "
                + paths.refused + " refused");
    }

    @Test
    void theStreamAnswersValidBodiesAndRefusesSpoiledFieldsByName() {
        Paths paths = new Paths();
        Fuzz.forAll(SEED + 1, 60, SolveBodyFuzzTest::solveBody, c -> judge(c, post("/v1/solve/stream", c.body()), paths,
                body -> assertTrue(body.contains("event:result") || body.contains("event: result"), body)));
        assertTrue(paths.answered >= 5 && paths.refused >= 15, "both paths: " + paths.answered + " answered, "
                + paths.refused + " refused");
    }

    /** Found by the property: a temperature so small that logits / t overflow (1e-320) failed the engine step. */
    @Test
    void aSubnormalTemperatureIsSampledNotA500() {
        for (String t : List.of("1e-320", "4.9e-324", "1e-300")) {
            HttpResponse<String> res = post("/v1/solve", ("{\"problem\": \"What is 2+3?\", \"n\": 2, \"max_tokens\": 3, \"temperature\": " + t
                    + ", \"rule\": \"none\"}").getBytes(StandardCharsets.UTF_8));
            assertEquals(200, res.statusCode(), t + ": " + res.body());
        }
    }

    @Test
    void loadAnswers400ForAnythingButACheckpoint() throws IOException {
        Path configOnly = Files.createTempDirectory(ServingProfile.DIR, "config-only");
        Fuzz.forAll(SEED + 2, 100, r -> {
            String path = switch (r.nextInt(4)) {
                case 0 -> FuzzJson.string(r);
                case 1 -> FuzzJson.scalar(r);
                default -> FuzzJson.quote(Fuzz.pick(r, ServingProfile.DIR.resolve("broken").toString(),
                        ServingProfile.DIR.resolve("nowhere").toString(), ServingProfile.DIR.resolve("tiny-a/config.json").toString(),
                        configOnly.toString(), ".", "/", "", " ", "x\u0000y", "a/".repeat(3000), "../../../../etc"));
            };
            if (r.nextInt(3) == 0) { // a config.json of random content beside no weights and no tokenizer
                Fuzz.write(configOnly.resolve("config.json"), Fuzz.mutate(("{\"architectures\": [\"Qwen2ForCausalLM\"], \"hidden_size\": 16,"
                        + " \"num_attention_heads\": 2, \"intermediate_size\": 32, \"num_hidden_layers\": 1, \"vocab_size\": 64}")
                        .getBytes(StandardCharsets.UTF_8), r.nextInt(3), r));
            }
            return switch (r.nextInt(6)) {
                case 0 -> FuzzJson.value(r, 2, List.of("path"));
                case 1 -> FuzzJson.pathological(r);
                default -> "{\"path\": " + path + (r.nextInt(6) == 0 ? ", \"force\": true" : "") + "}";
            };
        }, body -> {
            HttpResponse<String> res = post("/v1/admin/models/load", body.getBytes(StandardCharsets.UTF_8));
            assertOpenAiError(res);
        });
    }

    /** The tokenizer bug end to end: before TokenizerJsonCheck this refresh aborted the whole service. */
    @Test
    void aCheckpointWithADamagedTokenizerIs400AndTheServiceKeepsServing() throws IOException {
        Path damaged = Files.createTempDirectory(ServingProfile.DIR, "damaged-tokenizer");
        try (var files = Files.list(ServingProfile.DIR.resolve("tiny-a"))) {
            for (Path f : files.toList()) {
                Files.copy(f, damaged.resolve(f.getFileName()));
            }
        }
        Path tokenizer = damaged.resolve("tokenizer.json");
        Files.writeString(tokenizer, Files.readString(tokenizer).replaceFirst("\"decoder\":\\s*", "\"decoder\": x, \"was\": "));
        HttpResponse<String> res = post("/v1/admin/models/load", ("{\"path\": " + FuzzJson.quote(damaged.toString()) + "}")
                .getBytes(StandardCharsets.UTF_8));
        assertOpenAiError(res);
        assertTrue(res.body().contains("tokenizer.json"), res.body());
        HttpResponse<String> solved = post("/v1/solve", "{\"problem\": \"1+1\", \"n\": 1, \"max_tokens\": 2}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, solved.statusCode(), solved.body());
    }

    private HttpResponse<String> post(String path, byte[] body) {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try { // the request timeout covers the headers only: a stream that never ends must fail the test too
            return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).get(90, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("no complete answer from " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A 400 in OpenAI's shape: {"error": {"message", "type", "param", "code": 400}}. */
    private static void assertOpenAiError(HttpResponse<String> res) {
        assertEquals(400, res.statusCode(), res.body());
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), res.headers().toString());
        JsonNode error = json(res.body()).path("error");
        assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(), res.body());
        assertTrue(error.path("type").isTextual(), res.body());
        assertEquals(400, error.path("code").asInt(), res.body());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
