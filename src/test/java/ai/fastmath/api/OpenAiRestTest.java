package ai.fastmath.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.model.tokenizer.TextTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible endpoints over real HTTP: shapes, streaming, seeds, stops, errors, shared engine. */
@QuarkusTest
@TestProfile(ServingProfile.class)
class OpenAiRestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void ready() throws InterruptedException {
        Ready.await();
    }

    private static Response post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    /** Token ids of a text by the served model's own tokenizer files, loaded apart from the service. */
    private static int tokens(String text) {
        try (TextTokenizer t = TextTokenizer.load(ServingProfile.DIR.resolve("tiny-a"))) {
            return t.encode(text).length;
        }
    }

    /** Completion tokens: max_tokens for a choice cut at the limit, fewer for one that stopped. */
    private static void assertCompletionTokens(JsonNode response, int maxTokens) {
        int cut = 0;
        for (JsonNode c : response.get("choices")) {
            cut += c.get("finish_reason").asText().equals("length") ? 1 : 0;
        }
        int n = response.get("choices").size();
        int completion = response.get("usage").get("completion_tokens").asInt();
        assertTrue(completion >= cut * maxTokens && completion <= n * maxTokens, response.toString());
        if (cut == n) {
            assertEquals(n * maxTokens, completion, "every choice ran to max_tokens: " + response);
        }
    }

    @Test
    void completionHasOpenAisShapeAndCountsTokens() throws Exception {
        String body = post("/v1/completions", "{\"model\": \"tiny-a\", \"prompt\": \"What is 1+1?\", \"max_tokens\": 5, \"n\": 2, \"seed\": 4}")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("object", equalTo("text_completion"))
                .body("id", startsWith("cmpl-"))
                .body("model", equalTo("tiny-a"))
                .body("choices", hasSize(2))
                .body("choices[1].index", equalTo(1))
                .body("choices[0].finish_reason", in(List.of("stop", "length")))
                .extract().asString();
        JsonNode r = JSON.readTree(body);
        assertEquals(tokens("What is 1+1?"), r.get("usage").get("prompt_tokens").asInt(), "the prompt as the tokenizer counts it, no template");
        assertCompletionTokens(r, 5);
        assertEquals(r.get("usage").get("prompt_tokens").asInt() + r.get("usage").get("completion_tokens").asInt(),
                r.get("usage").get("total_tokens").asInt());
    }

    @Test
    void chatAppliesTheTemplateAndAnswersAsTheAssistant() throws Exception {
        String body = post("/v1/chat/completions", "{\"model\": \"tiny-a\", \"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, "
                + "{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"What is 2+2?\"}]}], \"max_tokens\": 4, \"n\": 3}")
                .then().statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("choices", hasSize(3))
                .body("choices[2].message.role", equalTo("assistant"))
                .extract().asString();
        JsonNode r = JSON.readTree(body);
        // Qwen3's ChatML, written out by hand: the system turn, the user's text parts joined, the assistant's header
        String rendered = "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n";
        assertEquals(tokens(rendered), r.get("usage").get("prompt_tokens").asInt(), "the prompt is the chat template's rendering");
        assertTrue(tokens(rendered) > tokens("Be brief.What is 2+2?") + 8, "the template adds its markers");
        assertCompletionTokens(r, 4);
    }

    @Test
    void seedsReproduceAndGreedyChoicesAgree() {
        String body = "{\"prompt\": \"Once\", \"max_tokens\": 8, \"n\": 2, \"seed\": 11, \"top_k\": 50, \"min_p\": 0.01}";
        List<String> a = post("/v1/completions", body).then().statusCode(200).extract().path("choices.text");
        List<String> b = post("/v1/completions", body).then().statusCode(200).extract().path("choices.text");
        assertEquals(a, b);
        assertNotEquals(a.get(0), a.get(1), "choice i samples with seed + i");
        List<String> greedy = post("/v1/completions", "{\"prompt\": \"Once\", \"max_tokens\": 8, \"n\": 2, \"temperature\": 0}")
                .then().statusCode(200).extract().path("choices.text");
        assertEquals(greedy.get(0), greedy.get(1));
    }

    @Test
    void aStopStringCutsTheTextThere() {
        String text = post("/v1/completions", "{\"prompt\": \"Say\", \"max_tokens\": 24, \"temperature\": 0}")
                .then().statusCode(200).extract().path("choices[0].text");
        assertTrue(text.length() > 6, text);
        String stop = text.substring(text.length() / 2, text.length() / 2 + 2);
        post("/v1/completions", "{\"prompt\": \"Say\", \"max_tokens\": 24, \"temperature\": 0, \"stop\": [" + JSON.valueToTree(stop) + "]}")
                .then().statusCode(200)
                .body("choices[0].text", equalTo(text.substring(0, text.indexOf(stop))))
                .body("choices[0].finish_reason", equalTo("stop"));
    }

    @Test
    void aStreamCarriesTheSameTextAsTheWholeResponseThenUsageThenDone() throws Exception {
        String whole = "{\"prompt\": \"Count\", \"max_tokens\": 10, \"n\": 2, \"seed\": 5}";
        List<String> expected = post("/v1/completions", whole).then().statusCode(200).extract().path("choices.text");
        Response r = post("/v1/completions", whole.replace("}", ", \"stream\": true, \"stream_options\": {\"include_usage\": true}}"));
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("text/event-stream"), r.contentType());
        List<String> data = r.asString().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertEquals("[DONE]", data.get(data.size() - 1));
        Map<Integer, StringBuilder> texts = new TreeMap<>();
        int finished = 0;
        for (String d : data.subList(0, data.size() - 2)) {
            JsonNode chunk = JSON.readTree(d);
            assertEquals("text_completion", chunk.get("object").asText());
            JsonNode c = chunk.get("choices").get(0);
            texts.computeIfAbsent(c.get("index").asInt(), i -> new StringBuilder()).append(c.get("text").asText());
            finished += c.get("finish_reason").isNull() ? 0 : 1;
        }
        assertEquals(2, finished, "one finish reason per choice");
        assertEquals(expected, texts.values().stream().map(StringBuilder::toString).toList());
        JsonNode usage = JSON.readTree(data.get(data.size() - 2));
        assertEquals(0, usage.get("choices").size());
        assertTrue(usage.get("usage").get("completion_tokens").asInt() >= 2, usage.toString());
    }

    @Test
    void aChatStreamStartsWithTheRole() throws Exception {
        Response r = given().contentType(ContentType.JSON).accept("text/event-stream") // what curl users send
                .body("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"max_tokens\": 3, \"stream\": true}")
                .post("/v1/chat/completions");
        assertEquals(200, r.statusCode(), r.asString());
        List<String> data = r.asString().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        JsonNode first = JSON.readTree(data.get(0));
        assertEquals("chat.completion.chunk", first.get("object").asText());
        assertEquals("assistant", first.at("/choices/0/delta/role").asText());
        assertEquals("[DONE]", data.get(data.size() - 1));
        assertTrue(data.stream().limit(data.size() - 1L).anyMatch(d -> d.contains("\"finish_reason\":\"")), data.toString());
    }

    @Test
    void badRequestsAreOpenAiErrorsNamingTheField() {
        String[][] cases = {
                {"/v1/completions", "{\"prompt\": \"x\", \"n\": 0}", "n"},
                {"/v1/completions", "{\"prompt\": \"x\", \"n\": 65}", "n"},
                {"/v1/completions", "{\"prompt\": [\"a\", \"b\"], \"n\": 40}", "n"},
                {"/v1/completions", "{\"prompt\": \"x\", \"temperature\": 2.5}", "temperature"},
                {"/v1/completions", "{\"prompt\": \"x\", \"top_p\": 0}", "top_p"},
                {"/v1/completions", "{\"prompt\": \"x\", \"top_k\": -2}", "top_k"},
                {"/v1/completions", "{\"prompt\": \"x\", \"min_p\": 1.5}", "min_p"},
                {"/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 0}", "max_tokens"},
                {"/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 100000000}", "max_tokens"},
                {"/v1/completions", "{\"prompt\": \"x\", \"stop\": [\"\"]}", "stop"},
                {"/v1/completions", "{\"prompt\": \"x\", \"stop\": 3}", "stop"},
                {"/v1/completions", "{\"prompt\": 7}", "prompt"},
                {"/v1/completions", "{\"prompt\": [99999999]}", "prompt"},
                {"/v1/completions", "{\"max_tokens\": 3}", "prompt"},
                {"/v1/completions", "{\"prompt\": \"x\", \"echo\": true}", "echo"},
                {"/v1/completions", "{\"prompt\": \"x\", \"logprobs\": 5}", "logprobs"},
                {"/v1/completions", "{\"prompt\": \"x\", \"presence_penalty\": 0.5}", "presence_penalty"},
                {"/v1/completions", "{\"prompt\": \"x\", \"stream_options\": {\"include_usage\": true}}", "stream_options"},
                {"/v1/completions", "{\"prompt\": \"x\", \"temperature\": \"hot\"}", "temperature"},
                {"/v1/completions", "{\"prompt\": \"x\", \"best_of\": 3}", "best_of"},
                {"/v1/completions", "{\"prompt\": \"x\", \"frobnicate\": 1}", "frobnicate"},
                {"/v1/chat/completions", "{\"messages\": []}", "messages"},
                {"/v1/chat/completions", "{\"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}", "messages[0].role"},
                {"/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": 5}]}", "messages[0].content"},
                {"/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"max_completion_tokens\": 0}",
                        "max_completion_tokens"},
        };
        for (String[] c : cases) {
            post(c[0], c[1]).then().statusCode(400).contentType(ContentType.JSON)
                    .body("error.type", equalTo("invalid_request_error"))
                    .body("error.param", equalTo(c[2]))
                    .body("error.message", startsWith(c[2].equals("frobnicate") || c[2].equals("temperature") && c[1].contains("hot")
                            ? "malformed JSON" : c[2]));
        }
        post("/v1/completions", "{\"prompt\": ").then().statusCode(400).body("error.type", equalTo("invalid_request_error"));
        post("/v1/chat/completions", "{\"model\": \"gpt-4\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}")
                .then().statusCode(404).body("error.type", equalTo("not_found_error")).body("error.param", equalTo("model"));
    }

    @Test
    void completionsShareTheSolveEnginesMetrics() {
        double before = Scrape.metric("fastmath_prompt_tokens_total");
        post("/v1/completions", "{\"prompt\": \"abc def\", \"max_tokens\": 2}").then().statusCode(200);
        assertTrue(Scrape.metric("fastmath_prompt_tokens_total") > before, "the engine counted the prompt");
    }

    @Test
    void aStreamingClientThatGoesAwayCancelsItsSequences() throws Exception {
        double abortedBefore = Scrape.metric("fastmath_request_success_total", "finished_reason", "abort");
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/v1/chat/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\": [{\"role\": \"user\", \"content\": \"Count to a thousand.\"}], "
                        + "\"n\": 3, \"max_tokens\": 450, \"stream\": true}"))
                .build();
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        List<String> seen = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && seen.size() < 8) {
                if (line.startsWith("data: ")) {
                    seen.add(line);
                }
            }
            assertNotNull(line, "the stream was open");
        }
        Scrape.awaitIdle();
        assertTrue(Scrape.metric("fastmath_request_success_total", "finished_reason", "abort") >= abortedBefore + 1,
                "the sequences were cancelled, not run to their limit");
    }
}
