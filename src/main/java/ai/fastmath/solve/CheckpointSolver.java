package ai.fastmath.solve;

import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineConfig;
import ai.fastmath.model.CheckpointException;
import ai.fastmath.model.GenerationConfig;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.model.tokenizer.TextTokenizer;
import java.nio.file.Path;
import java.util.List;

/**
 * A checkpoint directory in process: its tokenizer, weights, engine and {@link Solver}, opened
 * together and closed together. What the evaluator and the trainers use to sample a model.
 */
public final class CheckpointSolver implements ProblemSolver {

    private final TextTokenizer tokenizer;
    private final Engine engine;
    private final Solver solver;
    private final boolean cutToContext;

    private CheckpointSolver(TextTokenizer tokenizer, Engine engine, Solver solver, boolean cutToContext) {
        this.tokenizer = tokenizer;
        this.engine = engine;
        this.solver = solver;
        this.cutToContext = cutToContext;
    }

    /**
     * @throws CheckpointException for a directory that is not a Qwen2 checkpoint with a chat template
     */
    public static CheckpointSolver open(Path dir, TensorRuntime runtime, EngineConfig config) {
        return open(dir, runtime, config, false);
    }

    /**
     * @param fullOutput true: every sample runs to the end of its turn whatever the model's
     *     {@code generation_config.json} says; false: samples stop at its {@code stop_strings}
     */
    public static CheckpointSolver open(Path dir, TensorRuntime runtime, EngineConfig config, boolean fullOutput) {
        return open(dir, runtime, config, fullOutput, false);
    }

    /**
     * @param cutToContext true: a request whose prompt and token limit together exceed the model's
     *     context runs with the limit cut to what the context leaves (as the service does for a request
     *     that names no {@code max_tokens}); false: such a request is refused
     */
    public static CheckpointSolver open(Path dir, TensorRuntime runtime, EngineConfig config, boolean fullOutput,
            boolean cutToContext) {
        List<String> stops = GenerationConfig.load(dir).stops(fullOutput);
        TextTokenizer tokenizer = TextTokenizer.load(dir);
        Qwen2Model model = null;
        try {
            if (tokenizer.chatTemplate().isEmpty()) {
                throw new CheckpointException(dir + ": tokenizer_config.json has no chat_template; solving needs one");
            }
            model = Qwen2Model.load(dir, runtime);
            Engine engine = Engine.of(model, tokenizer::decode, config);
            return new CheckpointSolver(tokenizer, engine, new Solver(engine, tokenizer, dir.toString(), stops), cutToContext);
        } catch (RuntimeException e) {
            if (model != null) {
                model.close();
            }
            tokenizer.close();
            throw e;
        }
    }

    /** The model's context length. */
    public int maxPositions() {
        return engine.maxPositions();
    }

    public Solver solver() {
        return solver;
    }

    @Override
    public SolveRun submit(SolveRequest request) {
        if (!cutToContext) {
            return solver.submit(request);
        }
        int[] prompt = solver.prompt(request); // tokenized once: the solver is handed it
        int room = engine.maxPositions() - prompt.length;
        SolveRequest fitted = room >= 1 && request.maxTokensPerSample() > room ? request.withMaxTokensPerSample(room) : request;
        return solver.start(fitted, prompt, e -> { });
    }

    @Override
    public String describe() {
        return solver.describe();
    }

    @Override
    public void close() {
        solver.close();
        engine.close();
        tokenizer.close();
    }
}
