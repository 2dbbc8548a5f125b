package ai.fastmath.api.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.api.LoadedModel;
import ai.fastmath.api.ServingConfig;
import ai.fastmath.api.ShutdownDrain;
import ai.fastmath.api.rest.ApiErrors;
import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.engine.EngineStepException;
import ai.fastmath.engine.FakeRunner;
import ai.fastmath.engine.FaultyRunner;
import ai.fastmath.engine.SamplingParams;
import ai.fastmath.model.tokenizer.TextTokenizer;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.Solver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An engine fault as the API's clients see it: a streamed completion ends with an error event and
 * [DONE] (never a hang), a whole completion fails with the engine's message (mapped to a 500 in
 * OpenAI's error shape), a vote fails instead of waiting forever; the next requests are served.
 */
class OpenAiEngineFaultTest {

    private static final int VOCAB = 151669;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TextTokenizer tokenizer;
    private LoadedModel model;
    private OpenAiService service;

    @BeforeEach
    void start() throws Exception {
        tokenizer = TextTokenizer.load(Path.of(getClass().getResource("/tokenizers/qwen3/tokenizer.json").toURI()).getParent());
        int ok = tokenizer.encode(" ok")[0];
        int boom = tokenizer.encode(" boom")[0];
        int poison = tokenizer.encode(" poison")[0];
        // the fake model writes " ok"; after a prompt holding " poison" its fourth token is " boom", and a step running " boom" fails
        FakeRunner fake = new FakeRunner(VOCAB, 256, 16, List.of(151645), seq -> {
            float[] row = new float[VOCAB];
            int oks = 0;
            boolean poisoned = false;
            for (int t : seq) {
                poisoned |= t == poison;
                oks += t == ok ? 1 : 0;
            }
            row[poisoned && oks == 3 ? boom : ok] = 10f;
            return row;
        });
        Engine engine = new Engine(new FaultyRunner(fake, FaultyRunner.runs(boom)), tokenizer::decode,
                EngineConfig.defaults().withKvCacheTokens(4096));
        model = new LoadedModel("fake", Path.of("fake"), Instant.now(), null, tokenizer, engine, new Solver(engine, tokenizer));
        ServingConfig defaults = new SmallRyeConfigBuilder().withMapping(ServingConfig.class).build()
                .getConfigMapping(ServingConfig.class);
        service = new OpenAiService(null, defaults, JSON, new ShutdownDrain(Optional.empty(), false));
    }

    @AfterEach
    void stop() {
        model.close();
    }

    private Generation completion(String prompt, boolean stream) {
        return new Generation(model, List.of(tokenizer.encode(prompt)), SamplingParams.builder().maxTokens(8).build(), stream, false);
    }

    @Test
    void aStreamHitByAnEngineFaultEndsWithAnErrorEventAndDone() throws Exception {
        List<String> events = service.stream(completion("a poison pill", true), false).collect().asList()
                .await().atMost(Duration.ofSeconds(20));
        assertEquals("data: [DONE]\n\n", events.get(events.size() - 1));
        String error = events.get(events.size() - 2);
        JsonNode body = JSON.readTree(error.substring("data: ".length()));
        assertEquals("server_error", body.path("error").path("type").asText(), error);
        assertTrue(body.path("error").path("message").asText().matches("request \\d+ failed in an engine step: .*injected fault.*"),
                error);
        assertTrue(events.stream().filter(e -> e.contains("\" ok\"")).count() >= 3, "its tokens streamed before the fault: " + events);

        List<String> fine = service.stream(completion("a good prompt", true), false).collect().asList()
                .await().atMost(Duration.ofSeconds(20));
        assertEquals("data: [DONE]\n\n", fine.get(fine.size() - 1));
        assertTrue(fine.stream().noneMatch(e -> e.contains("\"error\"")), "the engine serves on: " + fine);
    }

    @Test
    void aWholeCompletionFailsWithTheEnginesMessageMappedToA500() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> service.complete(completion("a poison pill", false)).subscribeAsCompletionStage().join());
        EngineStepException fault = assertInstanceOf(EngineStepException.class, e.getCause());
        RestResponse<ApiErrors.ErrorBody> response = new ApiErrors(null).engineFault(fault);
        assertEquals(500, response.getStatus());
        assertEquals("server_error", response.getEntity().error().type());
        assertTrue(response.getEntity().error().message().contains("failed in an engine step"), response.getEntity().toString());
        assertEquals(8, service.complete(completion("a good prompt", false)).await().atMost(Duration.ofSeconds(20))
                .usage().completionTokens(), "the next request is served");
    }

    @Test
    void aVoteWhoseRequestFailsEndsInTheErrorNotAHang() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> model.solver().solve(SolveRequest.of("a poison pill", 8)).get(20, TimeUnit.SECONDS));
        assertInstanceOf(EngineStepException.class, e.getCause());
    }
}
