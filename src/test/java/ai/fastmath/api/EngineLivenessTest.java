package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.engine.FakeRunner;
import ai.fastmath.engine.SamplingParams;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Liveness and readiness turn DOWN once the serving engine has stopped on a fatal error, so Kubernetes restarts the pod. */
class EngineLivenessTest {

    @Test
    void downAfterAFatalErrorUpOtherwise() throws Exception {
        assertEquals(HealthCheckResponse.Status.UP, EngineLiveness.of(Optional.empty()).getStatus(), "loading is alive");
        FakeRunner runner = new FakeRunner(8, 64, 4, List.of(), seq -> {
            throw new OutOfMemoryError("injected");
        });
        try (Engine engine = new Engine(runner, null, EngineConfig.defaults().withKvCacheTokens(256))) {
            assertEquals(HealthCheckResponse.Status.UP, EngineLiveness.of(Optional.of(engine)).getStatus());
            assertEquals(HealthCheckResponse.Status.UP, ModelReadiness.of(false, Optional.of(
                    new LoadedModel("m", Path.of("m"), Instant.now(), null, null, engine, null)), false).getStatus());
            try {
                engine.submit(new int[] {1, 2}, SamplingParams.builder().maxTokens(4).build()).result().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException expected) {
                // the request fails with the error
            }
            HealthCheckResponse down = EngineLiveness.of(Optional.of(engine));
            assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
            assertTrue(down.getData().orElseThrow().get("fatal_error").toString().contains("OutOfMemoryError"), down.toString());
            LoadedModel serving = new LoadedModel("m", Path.of("m"), Instant.now(), null, null, engine, null);
            HealthCheckResponse ready = ModelReadiness.of(false, Optional.of(serving), false);
            assertEquals(HealthCheckResponse.Status.DOWN, ready.getStatus(), "no longer ready either");
            assertTrue(ready.getData().orElseThrow().get("fatal_error").toString().contains("OutOfMemoryError"), ready.toString());
        }
    }
}
