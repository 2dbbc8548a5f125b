package ai.fastmath.solve;

import java.util.concurrent.CompletableFuture;

/** A vote in progress: its result when it ends, and a way to end it early. */
public interface SolveRun {

    /** Completes with the vote over the samples that finished. */
    CompletableFuture<SolveResult> result();

    /** Ends the vote now (e.g. the client went away): running samples are cancelled. */
    void cancel(String reason);
}
