package ai.fastmath.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/solve}, its SSE twin, bad input, health, OpenAPI and metrics, over real HTTP. */
@QuarkusTest
@TestProfile(ServingProfile.class)
class SolveRestTest {

    @BeforeEach
    void ready() throws InterruptedException {
        Ready.await();
    }

    @Test
    void solveReturnsTheVoteAndEverySample() {
        given().contentType(ContentType.JSON)
                .body("{\"problem\": \"What is 1+1?\", \"n\": 4, \"max_tokens\": 8, \"seed\": 3, \"include_text\": true, \"rule\": \"none\"}")
                .post("/v1/solve")
                .then().statusCode(200)
                .body("model", equalTo("tiny-a"))
                .body("samples", hasSize(4))
                .body("samples[0].tokens", greaterThan(0))
                .body("samples[0].text", notNullValue())
                .body("samples[0].finish_reason", notNullValue())
                .body("stop_reason", equalTo("all_finished"))
                .body("started", equalTo(4))
                .body("finished", equalTo(4))
                .body("tokens", greaterThan(3));
    }

    @Test
    void aConfidenceRuleReportsEachSamplesConfidence() {
        given().contentType(ContentType.JSON)
                .body("{\"problem\": \"What is 1+1?\", \"n\": 4, \"max_tokens\": 8, \"seed\": 3, \"rule\": \"conf-vote:tail:top50\"}")
                .post("/v1/solve")
                .then().statusCode(200)
                .body("samples", hasSize(4))
                .body("samples[0].confidence", greaterThan(0f))
                .body("samples[3].confidence", greaterThan(0f))
                .body("stop_reason", equalTo("all_finished"));
    }

    @Test
    void sameSeedSameSamples() {
        String body = "{\"problem\": \"2+2?\", \"n\": 2, \"max_tokens\": 6, \"seed\": 9, \"include_text\": true, \"rule\": \"none\"}";
        String a = given().contentType(ContentType.JSON).body(body).post("/v1/solve").then().statusCode(200)
                .extract().path("samples[1].text");
        String b = given().contentType(ContentType.JSON).body(body).post("/v1/solve").then().statusCode(200)
                .extract().path("samples[1].text");
        assertEquals(a, b);
    }

    @Test
    void streamSendsSamplesVotesAndTheResultLast() {
        Response r = given().contentType(ContentType.JSON).accept("text/event-stream")
                .body("{\"problem\": \"What is 3+4?\", \"n\": 3, \"max_tokens\": 5, \"seed\": 1, \"rule\": \"none\"}")
                .post("/v1/solve/stream");
        assertEquals(200, r.statusCode(), r.asString());
        List<String> names = new ArrayList<>();
        String lastData = null;
        for (String line : r.asString().split("\n")) {
            if (line.startsWith("event:")) {
                names.add(line.substring(6).strip());
            } else if (line.startsWith("data:")) {
                lastData = line.substring(5).strip();
            }
        }
        assertTrue(names.contains("sample_delta"), names.toString());
        assertEquals(3, names.stream().filter("sample_finished"::equals).count(), names.toString());
        assertEquals(3, names.stream().filter("vote"::equals).count(), names.toString());
        assertEquals("result", names.get(names.size() - 1));
        assertTrue(lastData.contains("\"stop_reason\":\"all_finished\""), lastData);
        assertTrue(lastData.contains("\"model\":\"tiny-a\""), lastData);
    }

    @Test
    void aDeadlineEndsTheVoteWith504AndThePartialVote() {
        given().contentType(ContentType.JSON)
                .body("{\"problem\": \"Count to a thousand.\", \"n\": 8, \"max_tokens\": 450, \"deadline_s\": 0.05, \"rule\": \"none\"}")
                .post("/v1/solve")
                .then().statusCode(504)
                .body("stop_reason", equalTo("deadline"))
                .body("samples", hasSize(8))
                .body("seconds", org.hamcrest.Matchers.lessThan(5f));
    }

    @Test
    void badInputIs400NamingTheField() {
        String[][] cases = {
            {"{\"problem\": \"\"}", "problem"},
            {"{\"problem\": \"x\", \"n\": 65}", "n"},
            {"{\"problem\": \"x\", \"n\": 0}", "n"},
            {"{\"problem\": \"x\", \"temperature\": -1}", "temperature"},
            {"{\"problem\": \"x\", \"top_p\": 0}", "top_p"},
            {"{\"problem\": \"x\", \"min_p\": 2}", "min_p"},
            {"{\"problem\": \"x\", \"rule\": \"sometimes\"}", "rule"},
            {"{\"problem\": \"x\", \"rule\": \"k-of-m:9/5\"}", "rule"},
            {"{\"problem\": \"x\", \"rule\": \"deepconf:0/10/0.95\"}", "rule"},
            {"{\"problem\": \"x\", \"rule\": \"conf-vote:highest:top10\"}", "rule"},
            {"{\"problem\": \"x\", \"max_tokens\": 0}", "max_tokens"},
            {"{\"problem\": \"x\", \"max_tokens\": 100000}", "max_tokens"},
            {"{\"problem\": \"x\", \"token_budget\": -5}", "token_budget"},
            {"{\"problem\": \"x\", \"deadline_s\": -1}", "deadline_s"},
            {"{\"problem\": \"x\", \"answer_mode\": \"fuzzy\"}", "answer_mode"},
            {"{\"problem\": \"x\", \"fallback\": \"guess\"}", "fallback"},
            {"{\"problem\": \"x\", \"n\": \"eight\"}", "n"},
            {"{\"problem\": \"x\", \"samples\": 4}", "samples"},
            {"{\"problem\": " + "\"" + "long ".repeat(600) + "\"}", "problem"},
            {"{\"problem\": 5}", "problem"}, // a number is not text (StrictTextFields), as in OpenAI's API
            {"{\"problem\": \"x\", \"system_prompt\": true}", "system_prompt"},
            {"{\"problem\": \"x\", \"answer_mode\": 1.5}", "answer_mode"},
        };
        for (String[] c : cases) {
            given().contentType(ContentType.JSON).body(c[0]).post("/v1/solve")
                    .then().log().ifValidationFails().statusCode(400)
                    .body("error.type", equalTo("invalid_request_error"))
                    .body("error.param", equalTo(c[1]))
                    .body("error.message", notNullValue());
        }
        given().contentType(ContentType.JSON).body("{\"problem\": ").post("/v1/solve")
                .then().statusCode(400).body("error.message", containsString("malformed JSON"));
        given().contentType(ContentType.JSON).body("").post("/v1/solve")
                .then().statusCode(400).body("error.param", equalTo("body"));
        given().contentType(ContentType.JSON).body("[1, 2]").post("/v1/solve").then().statusCode(400);
        given().contentType(ContentType.JSON).accept("text/event-stream").body("{\"problem\": \"x\", \"n\": 99}")
                .post("/v1/solve/stream").then().statusCode(400).body("error.param", equalTo("n"));
    }

    @Test
    void healthOpenApiAndModels() {
        given().get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
                .body("checks.find { it.name == 'model' }.data.model", equalTo("tiny-a"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/solve/stream"));
        given().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data[0].id", notNullValue())
                .body("data[0].status", equalTo("serving"))
                .body("data[0].max_model_len", equalTo(512));
    }

    @Test
    void metricsSpeakTheServingVocabulary() {
        given().contentType(ContentType.JSON)
                .body("{\"problem\": \"1+1\", \"n\": 2, \"max_tokens\": 4, \"rule\": \"none\"}")
                .post("/v1/solve").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of("fastmath_num_requests_running", "fastmath_num_requests_waiting",
                "fastmath_kv_cache_usage_perc", "fastmath_time_to_first_token_seconds_bucket",
                "fastmath_inter_token_latency_seconds_bucket", "fastmath_e2e_request_latency_seconds_count",
                "fastmath_request_queue_time_seconds_count", "fastmath_prompt_tokens_total",
                "fastmath_generation_tokens_total", "fastmath_request_success_total{finished_reason=\"length\"",
                "fastmath_num_preemptions_total", "fastmath_solve_samples_used_count",
                "fastmath_solve_requests_total{stop_reason=\"all_finished\"", "fastmath_model_loaded{model=\"",
                "fastmath_solve_traces_pruned_total")) {
            assertTrue(metrics.contains(name), name + " missing from /q/metrics");
        }
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("fastmath_generation_tokens_total") && !l.endsWith(" 0.0")),
                "generated tokens counted");
    }
}
