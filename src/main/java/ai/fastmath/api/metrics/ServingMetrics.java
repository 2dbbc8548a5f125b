package ai.fastmath.api.metrics;

import ai.fastmath.engine.EngineStats;
import ai.fastmath.engine.FinishReason;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.SolveResult;
import ai.fastmath.solve.StopRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import ai.fastmath.solve.SymbolicEquality;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The serving metrics vLLM users know, under a {@code fastmath_} prefix, plus the solve API's own.
 * Engine counters stay monotonic across model refreshes: a retired engine's totals move into a
 * carried-over sum when it is closed.
 */
@ApplicationScoped
public class ServingMetrics {

    private final MeterRegistry registry;
    private final List<EngineStats> live = new ArrayList<>();
    private final Map<String, Double> retired = new HashMap<>();
    private final Map<String, ToDoubleFunction<EngineStats>> counters = new HashMap<>();
    private final Timer ttft;
    private final Timer interToken;
    private final Timer e2e;
    private final Timer queue;
    private final DistributionSummary samplesUsed;
    private final DistributionSummary voteShare;
    private final Counter tokensSaved;
    private final Counter solveFailed;
    private volatile String liveModel = "";

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("fastmath.num.requests.running", this, m -> m.sum(EngineStats::running))
                .description("Sequences running in the engine (holding KV)").register(registry);
        Gauge.builder("fastmath.num.requests.waiting", this, m -> m.sum(EngineStats::waiting))
                .description("Sequences waiting for admission, preempted ones included").register(registry);
        Gauge.builder("fastmath.kv.cache.usage.perc", this, m -> m.newest(EngineStats::kvUsage))
                .description("Fraction of the KV cache's blocks in use, 0..1").register(registry);
        counter("fastmath.prompt.tokens", "Prompt tokens prefilled (recomputation included)", s -> s.promptTokens(), Tags.empty());
        counter("fastmath.generation.tokens", "Tokens generated", s -> s.generatedTokens(), Tags.empty());
        counter("fastmath.num.preemptions", "Sequences preempted for KV space (recomputed later)", s -> s.preemptions(), Tags.empty());
        counter("fastmath.request.failure", "Requests failed by an engine fault (the engine serves on)",
                s -> s.failedRequests(), Tags.empty());
        for (FinishReason r : FinishReason.values()) {
            counter("fastmath.request.success", "Sequences finished, by reason", s -> s.finished(r),
                    Tags.of("finished_reason", r.wireName()));
        }
        counter("fastmath.solve.traces.pruned", "Samples stopped for low confidence (DeepConf online)",
                s -> s.finished(FinishReason.LOW_CONFIDENCE), Tags.empty());
        SymbolicEquality cas = SymbolicEquality.shared();
        FunctionCounter.builder("fastmath.answer.cas.comparisons", cas, SymbolicEquality::comparisons)
                .description("Answers compared by the CAS (the vote's symbolic grouping, grading)").register(registry);
        FunctionCounter.builder("fastmath.answer.cas.timeouts", cas, SymbolicEquality::timeouts)
                .description("CAS comparisons that ran out of their time limit (counted as not equal)").register(registry);
        ttft = timer("fastmath.time.to.first.token", "Submission to first generated token");
        interToken = timer("fastmath.inter.token.latency", "Time between two tokens of one sequence");
        e2e = timer("fastmath.e2e.request.latency", "Submission to the last sequence of the request finishing");
        queue = timer("fastmath.request.queue.time", "Submission to the request's first engine step");
        samplesUsed = DistributionSummary.builder("fastmath.solve.samples.used")
                .description("Samples started per solved problem").publishPercentileHistogram().register(registry);
        voteShare = DistributionSummary.builder("fastmath.solve.vote.share")
                .description("The winning answer's share of the answered samples").register(registry);
        tokensSaved = Counter.builder("fastmath.solve.tokens.saved")
                .description("Tokens early stopping saved: cancelled samples times the mean length of finished ones, less what they had used")
                .register(registry);
        solveFailed = Counter.builder("fastmath.solve.failed").description("Solves that ended in an error").register(registry);
    }

    private void counter(String name, String help, ToDoubleFunction<EngineStats> f, Tags tags) {
        String key = name + tags;
        counters.put(key, f);
        FunctionCounter.builder(name, this, m -> m.total(key, f)).description(help).tags(tags).register(registry);
    }

    private Timer timer(String name, String help) {
        return Timer.builder(name).description(help).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(30)).register(registry);
    }

    /** A new engine entered service: watch it. */
    public synchronized void engineStarted(String modelId, EngineStats stats) {
        live.add(stats);
        liveModel = modelId;
        stats.timeToFirstToken().subscribe(s -> ttft.record(seconds(s)));
        stats.interTokenLatency().subscribe(s -> interToken.record(seconds(s)));
        stats.requestLatency().subscribe(s -> e2e.record(seconds(s)));
        stats.queueTime().subscribe(s -> queue.record(seconds(s)));
        Gauge.builder("fastmath.model.loaded", this, m -> modelId.equals(m.liveModel) ? 1 : 0).tag("model", modelId)
                .description("1 for the checkpoint in service, 0 for one retired").register(registry);
    }

    /** An engine was closed: carry its totals over so counters never go back. */
    public synchronized void engineRetired(EngineStats stats) {
        if (live.remove(stats)) {
            counters.forEach((key, f) -> retired.merge(key, f.applyAsDouble(stats), Double::sum));
        }
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private synchronized double sum(ToDoubleFunction<EngineStats> f) {
        return live.stream().mapToDouble(f).sum();
    }

    private synchronized double newest(ToDoubleFunction<EngineStats> f) {
        return live.isEmpty() ? 0 : f.applyAsDouble(live.get(live.size() - 1));
    }

    private synchronized double total(String key, ToDoubleFunction<EngineStats> f) {
        return retired.getOrDefault(key, 0.0) + sum(f);
    }

    /** A vote ended. */
    public void solved(SolveRequest request, SolveResult r) {
        Tags tags = Tags.of("stop_reason", r.stopReason());
        registry.counter("fastmath.solve.requests", tags).increment();
        samplesUsed.record(r.started());
        if (r.answer() != null) {
            voteShare.record(r.share());
        }
        if (isEarlyStop(request, r)) {
            registry.counter("fastmath.solve.early.stops", "rule", r.stopReason()).increment();
            tokensSaved.increment(tokensSaved(request, r));
        }
    }

    /**
     * Whether the request's own rule ended the vote: only that is an early stop. A budget, a deadline,
     * a cancel, a shutdown, an overload ({@code engine_full}) or a failure ({@code error}) is not.
     */
    static boolean isEarlyStop(SolveRequest request, SolveResult r) {
        return r.stopReason().equals(request.rule().name()) && !r.stopReason().equals(StopRule.NEVER.name());
    }

    /** Estimated tokens the cancelled samples would have used. */
    static double tokensSaved(SolveRequest request, SolveResult r) {
        long finishedTokens = 0;
        long cancelledTokens = 0;
        int finished = 0;
        for (SolveResult.Sample s : r.samples()) {
            if ("abort".equals(s.finishReason())) {
                cancelledTokens += s.tokens();
            } else {
                finishedTokens += s.tokens();
                finished++;
            }
        }
        int cancelled = request.samples() - finished;
        if (finished == 0 || cancelled == 0) {
            return 0;
        }
        return Math.max(0, cancelled * ((double) finishedTokens / finished) - cancelledTokens);
    }

    public void solveFailed() {
        solveFailed.increment();
    }
}
