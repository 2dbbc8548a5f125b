package ai.fastmath.api;

import ai.fastmath.api.metrics.ServingMetrics;
import ai.fastmath.solve.AnswerChecker;
import ai.fastmath.solve.AnswerExtractor;
import ai.fastmath.solve.SolveEvent;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.SolveResult;
import ai.fastmath.solve.SolveRun;
import ai.fastmath.solve.StopRule;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The solve API behind REST and gRPC: checks a request, admits it through a bulkhead (a bounded
 * number of problems at once and a bounded queue; beyond that the caller is told to retry), and runs
 * the vote on the model in service. A request's deadline holds from its arrival, queueing included;
 * every request is tracked for a graceful shutdown ({@link ShutdownDrain}).
 */
@ApplicationScoped
public class SolveService {

    private static final TypeLiteral<Uni<SolveResult>> RESULT = new TypeLiteral<>() {};
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int ANSWERED = 2; // without running: its deadline passed or shutdown cut it while queued

    private final ModelHost host;
    private final ServingConfig config;
    private final ServingMetrics metrics;
    private final RequestLimits limits;
    private final Guard bulkhead;
    private final ShutdownDrain drain;
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "fastmath-solve-queue-deadlines");
        t.setDaemon(true);
        return t;
    });

    public SolveService(ModelHost host, ServingConfig config, ServingMetrics metrics, ShutdownDrain drain) {
        this.host = host;
        this.config = config;
        this.metrics = metrics;
        this.limits = RequestLimits.of(config);
        this.drain = drain;
        timers.setRemoveOnCancelPolicy(true); // a request that got its slot drops its timer at once
        this.bulkhead = Guard.create()
                .withDescription("solve")
                .withBulkhead().limit(config.solve().maxConcurrent()).queueSize(config.solve().maxQueued()).done()
                .build();
    }

    /** A vote that has been admitted and started, on the model it runs on. */
    public record Started(LoadedModel model, SolveRun run) {}

    /**
     * Checks the request now (bad input throws {@link IllegalArgumentException} naming the field, no
     * model {@link ModelNotReadyException}, shutting down {@link ShuttingDownException}); the returned
     * future completes once the vote is admitted and running, or fails with a bulkhead rejection when
     * the service is full. A request whose deadline passes while it waits for a slot is answered then,
     * with an empty vote ended by its deadline, and never runs; so is one still waiting when a shutdown's
     * grace period ends (stop reason {@code shutdown}).
     */
    public CompletableFuture<Started> start(SolveBody body, Consumer<SolveEvent> listener) {
        long arrived = System.nanoTime();
        drain.checkAccepting();
        LoadedModel checkedOn = host.current();
        Prepared prepared = toRequest(body, checkedOn);
        SolveRequest request = prepared.request();
        CompletableFuture<Started> started = new CompletableFuture<>();
        AtomicInteger state = new AtomicInteger(QUEUED);
        AtomicReference<SolveRun> running = new AtomicReference<>();
        // a request that never gets a slot is answered like one that ran out of time: an empty vote with the reason
        Consumer<String> answerUnrun = reason -> {
            SolveResult none = new SolveResult(null, 0, Map.of(), List.of(), 0, (System.nanoTime() - arrived) / 1e9, 0, 0, reason);
            metrics.solved(request, none);
            listener.accept(new SolveEvent.Done(none));
            started.complete(new Started(checkedOn, SolveRun.of(CompletableFuture.completedFuture(none), r -> { })));
        };
        Runnable untrack = drain.track(() -> {
            if (state.compareAndSet(QUEUED, ANSWERED)) {
                answerUnrun.accept("shutdown");
            } else if (running.get() != null) {
                running.get().cancel("shutdown");
            }
        });
        ScheduledFuture<?> expiry = request.deadline() == null ? null : timers.schedule(() -> {
            if (state.compareAndSet(QUEUED, ANSWERED)) {
                untrack.run();
                answerUnrun.accept("deadline");
            }
        }, request.deadline().toMillis(), TimeUnit.MILLISECONDS);
        Uni<SolveResult> guarded = bulkhead.get(() -> Uni.createFrom().deferred(() -> {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return Uni.createFrom().nullItem(); // answered while it waited (deadline, shutdown): give the slot back
            }
            if (expiry != null) {
                expiry.cancel(false);
            }
            LoadedModel model = host.current(); // the model in service when the problem gets its slot
            // the prompt tokenized while checking is reused unless a refresh brought another tokenizer
            SolveRun run = model == checkedOn
                    ? model.solver().start(remaining(request, arrived), prepared.prompt(), listener)
                    : model.solver().start(remaining(request, arrived), listener);
            running.set(run);
            started.complete(new Started(model, run));
            return Uni.createFrom().completionStage(run.result());
        }), RESULT);
        guarded.subscribe().with(
                result -> {
                    untrack.run();
                    if (result != null) {
                        metrics.solved(request, result);
                    }
                },
                error -> {
                    untrack.run();
                    state.set(ANSWERED); // refused (full, no model) or failed: its deadline timer has nothing left to answer
                    if (expiry != null) {
                        expiry.cancel(false);
                    }
                    if (!started.completeExceptionally(error)) {
                        metrics.solveFailed();
                    }
                });
        return started;
    }

    /** The request with the time it spent queued taken off its deadline. */
    private static SolveRequest remaining(SolveRequest r, long arrivedNanos) {
        if (r.deadline() == null) {
            return r;
        }
        Duration left = r.deadline().minusNanos(System.nanoTime() - arrivedNanos);
        if (left.toMillis() < 1) {
            left = Duration.ofMillis(1);
        }
        return r.withDeadline(left);
    }

    /** A checked request and its prompt's tokens on the model it was checked against. */
    record Prepared(SolveRequest request, int[] prompt) {}

    /** Fills defaults and checks every field; messages start with the field's name. */
    Prepared toRequest(SolveBody b, LoadedModel model) {
        if (b == null) {
            throw new IllegalArgumentException("body: a JSON object with at least \"problem\" is required");
        }
        if (b.problem() == null || b.problem().isBlank()) {
            throw new IllegalArgumentException("problem: must not be empty");
        }
        StopRule rule;
        try {
            rule = StopRule.parse(b.rule() == null ? "beta" : b.rule());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule: " + e.getMessage(), e);
        }
        if (b.deadlineS() != null && !SolveBody.validDeadline(b.deadlineS())) {
            throw new IllegalArgumentException("deadline_s: must be a positive number of seconds, got " + b.deadlineS());
        }
        if (b.maxTokens() != null && b.maxTokens() < 1) {
            throw new IllegalArgumentException("max_tokens: must be at least 1, got " + b.maxTokens());
        }
        if (b.tokenBudget() != null && b.tokenBudget() < 0) {
            throw new IllegalArgumentException("token_budget: must be >= 0, got " + b.tokenBudget());
        }
        int n = b.n() == null ? limits.capN(8) : b.n();
        limits.checkN(n);
        if (b.maxTokens() != null) {
            limits.checkMaxTokens("max_tokens", b.maxTokens());
        }
        String system = b.systemPrompt(); // null: no system turn, the model's chat template decides
        SolveRequest.Builder request = SolveRequest.builder(b.problem()).systemPrompt(system).samples(n)
                .maxTokensPerSample(1).rule(rule).seed(b.seed()).includeText(Boolean.TRUE.equals(b.includeText()))
                .answerMode(answerMode(b.answerMode())).fallback(fallback(b.fallback()));
        if (b.temperature() != null) {
            request.temperature(b.temperature());
        }
        if (b.topP() != null) {
            request.topP(b.topP());
        }
        if (b.minP() != null) {
            request.minP(b.minP());
        }
        if (b.tokenBudget() != null) {
            request.tokenBudget(b.tokenBudget());
        }
        if (b.deadlineS() != null) {
            request.deadline(Duration.ofMillis(Math.max(1, Math.round(b.deadlineS() * 1000))));
        }
        SolveRequest draft = request.build();
        int[] tokens = model.solver().prompt(draft);
        int prompt = tokens.length;
        // the prompt is the problem and, when the request brings one, the system prompt: name both
        String promptFields = system == null ? "problem" : "problem, system_prompt";
        limits.checkPrompt(promptFields, prompt);
        int context = model.config().maxPositionEmbeddings();
        int room = context - prompt;
        if (room < 1) {
            throw new IllegalArgumentException(promptFields + ": the prompt takes " + prompt + " tokens of the model's context of "
                    + context + "; nothing is left to generate");
        }
        int maxTokens = b.maxTokens() != null ? b.maxTokens() : limits.capTokens(Math.min(config.solve().maxTokens(), room));
        if (maxTokens > room) {
            throw new IllegalArgumentException("max_tokens: the prompt (" + prompt + " tokens) + max_tokens (" + maxTokens
                    + ") exceeds the model's context of " + context + " tokens");
        }
        return new Prepared(draft.withMaxTokensPerSample(maxTokens).withMaxParallel(b.maxParallel() == null ? 0 : b.maxParallel()),
                tokens);
    }

    private static AnswerChecker.Mode answerMode(String s) {
        if (s == null) {
            return AnswerChecker.Mode.EXACT;
        }
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "exact" -> AnswerChecker.Mode.EXACT;
            case "aimo" -> AnswerChecker.Mode.AIMO;
            default -> throw new IllegalArgumentException("answer_mode: must be exact or aimo, got '" + s + "'");
        };
    }

    private static AnswerExtractor.Fallback fallback(String s) {
        if (s == null) {
            return AnswerExtractor.Fallback.NONE;
        }
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "none" -> AnswerExtractor.Fallback.NONE;
            case "last_number" -> AnswerExtractor.Fallback.LAST_NUMBER;
            default -> throw new IllegalArgumentException("fallback: must be none or last_number, got '" + s + "'");
        };
    }
}
