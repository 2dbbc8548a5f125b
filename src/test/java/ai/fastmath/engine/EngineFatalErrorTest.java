package ai.fastmath.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** An Error in the engine's loop (OutOfMemoryError) stops it for good: nothing in flight survives, nothing new starts. */
class EngineFatalErrorTest {

    @Test
    void anErrorFailsTheRequestsInFlightAndTheEngineRefusesNewOnes() throws Exception {
        AtomicBoolean outOfMemory = new AtomicBoolean();
        float[] row = new float[8];
        row[3] = 30f;
        FakeRunner runner = new FakeRunner(8, 64, 4, List.of(), seq -> {
            if (outOfMemory.get()) {
                throw new OutOfMemoryError("injected: Java heap space");
            }
            return row.clone();
        });
        try (Engine engine = new Engine(runner, null, EngineConfig.defaults().withKvCacheTokens(256))) {
            SamplingParams four = SamplingParams.builder().temperature(0).maxTokens(4).ignoreEos(true).build();
            assertEquals(4, engine.submit(new int[] {1, 2}, four).result().get(10, TimeUnit.SECONDS)
                    .sequences().get(0).tokenIds().size(), "serves before the error");
            assertTrue(engine.fatalError().isEmpty());

            outOfMemory.set(true);
            RequestHandle inFlight = engine.submit(new int[] {1, 2, 5}, SamplingParams.builder().temperature(0).n(3)
                    .maxTokens(50).ignoreEos(true).build());
            ExecutionException failed = assertThrows(ExecutionException.class, () -> inFlight.result().get(10, TimeUnit.SECONDS));
            assertInstanceOf(OutOfMemoryError.class, failed.getCause(), "the request in flight fails with the error");
            assertInstanceOf(OutOfMemoryError.class, engine.fatalError().orElseThrow());

            outOfMemory.set(false); // even once memory would be there again, the engine does not serve on
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> engine.submit(new int[] {1}, four));
            assertTrue(refused.getMessage().contains("fatal error"), refused.getMessage());
        }
    }
}
