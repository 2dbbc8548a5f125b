package ai.fastmath.solve;

/**
 * Whatever answers a {@link SolveRequest}: the embedded {@link Solver}, or a FastMath service reached
 * over REST or gRPC. The evaluator and the benchmarks are written against this, so they measure a
 * remote deployment exactly as they measure the model in process.
 */
public interface ProblemSolver extends AutoCloseable {

    /**
     * Starts solving. The run's result completes with the vote, a partial vote when the request's
     * deadline ended it ({@code stopReason} "deadline"), or exceptionally when the solver failed;
     * {@link SolveRun#cancel} ends it early.
     *
     * @throws IllegalArgumentException when the request does not fit the model
     */
    SolveRun submit(SolveRequest request);

    /** Where the answers come from, for reports (a checkpoint directory, a URL). */
    String describe();

    @Override
    void close();
}
