package ai.fastmath.solve;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A vote in progress: its result when it ends, and a way to end it early. */
public interface SolveRun {

    /** Completes with the vote over the samples that finished. */
    CompletableFuture<SolveResult> result();

    /** Ends the vote now (e.g. the client went away): running samples are cancelled. */
    void cancel(String reason);

    /** A run whose vote is {@code result} and which {@code cancel} ends early. */
    static SolveRun of(CompletableFuture<SolveResult> result, Consumer<String> cancel) {
        return new SolveRun() {
            @Override
            public CompletableFuture<SolveResult> result() {
                return result;
            }

            @Override
            public void cancel(String reason) {
                cancel.accept(reason);
            }
        };
    }
}
