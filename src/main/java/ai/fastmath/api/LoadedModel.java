package ai.fastmath.api;

import ai.fastmath.engine.Engine;
import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.tokenizer.TextTokenizer;
import ai.fastmath.solve.Solver;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One checkpoint in service: its engine and solver. Requests hold on to the model they started on,
 * so a refresh lets them finish here while new work goes to the next one.
 *
 * @param id the name clients see ({@code /v1/models}, responses, metrics): the directory's name
 */
public record LoadedModel(String id, Path path, Instant loadedAt, ModelConfig config, TextTokenizer tokenizer,
        Engine engine, Solver solver) implements AutoCloseable {

    /** Closes the engine (and with it the weights and KV cache), the solver and the tokenizer. */
    @Override
    public void close() {
        solver.close();
        engine.close();
        tokenizer.close();
    }
}
