package ai.fastmath.eval;

import ai.fastmath.solve.ProblemSolver;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.SolveResult;
import ai.fastmath.solve.SolveRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A solver with scripted timing: each problem "takes" a given time and answers a given answer; the
 * request's deadline ends it early with no answer (like the real solver's partial vote), unless the
 * script says it ignores deadlines (a hung backend).
 */
final class FakeSolver implements ProblemSolver {

    /** What a problem does: how long it takes, what it answers, whether it honours its deadline. */
    record Script(Duration takes, String answer, boolean honoursDeadline) {}

    private final Function<String, Script> script;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    final List<SolveRequest> asked = Collections.synchronizedList(new ArrayList<>());
    /** Thrown (as an Error, like a kill) when this problem is asked; null for never. */
    volatile String crashOn;

    FakeSolver(Function<String, Script> script) {
        this.script = script;
    }

    @Override
    public SolveRun submit(SolveRequest r) {
        if (r.problem().equals(crashOn)) {
            throw new Killed();
        }
        asked.add(r);
        Script s = script.apply(r.problem());
        CompletableFuture<SolveResult> result = new CompletableFuture<>();
        boolean cut = s.honoursDeadline() && r.deadline() != null && r.deadline().compareTo(s.takes()) < 0;
        Duration after = cut ? r.deadline() : s.takes();
        timers.schedule(() -> result.complete(cut
                ? new SolveResult(null, 0, Map.of(), List.of(), 10, after.toMillis() / 1e3, r.samples(), 0, "deadline")
                : new SolveResult(s.answer(), 1.0, Map.of(s.answer(), r.samples()), List.of(), 100L * r.samples(),
                        after.toMillis() / 1e3, r.samples(), r.samples(), "all_finished")),
                after.toMillis(), TimeUnit.MILLISECONDS);
        return SolveRun.of(result, reason -> result.completeExceptionally(new IllegalStateException("cancelled")));
    }

    @Override
    public String describe() {
        return "fake";
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }

    /** Stands for the process being killed mid-problem. */
    static final class Killed extends Error {}
}
