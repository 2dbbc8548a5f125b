package ai.fastmath.engine;

import ai.fastmath.model.ComputeThread;
import ai.fastmath.model.ForwardBatch;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.kv.BlockTable;
import ai.fastmath.model.kv.KvCacheFullException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The continuous-batching generation engine. One thread owns the model and loops: take in new
 * requests and cancellations, let the {@link Scheduler} choose this step's prefill chunks and decodes,
 * run one forward pass over all of them, sample a token for every sequence whose tokens are all
 * computed, stream the results, and free the KV of whatever finished. Sequences join and leave the
 * batch at every step.
 *
 * <p>A request with n > 1 prefills its prompt once; when the prompt is computed it forks n
 * sequences that share the prompt's full KV blocks (the partial last block is copied), each sampling
 * with seed + i.
 *
 * <p>Faults: when a step's forward pass throws, each request of the step is run again alone; the
 * ones that still throw fail with an {@link EngineStepException} naming the request and the cause,
 * the others continue with their outputs unchanged (see {@link #isolate}). An exception in one
 * request's own handling of the logits (sampling, detokenizing, forking) fails that request alone.
 * Only a fault outside both (the scheduler) fails every request in flight, and the loop keeps serving
 * new requests. An {@link Error} (OutOfMemoryError and the like) stops the engine for good: the
 * requests in flight fail with it, new ones are refused, and {@link #fatalError} reports it so that
 * the service's liveness and readiness turn DOWN and the pod is restarted.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Engine.class);

    private final ModelRunner runner;
    private final Function<int[], String> decoder; // null: no text, no stop strings
    private final EngineConfig config;
    private final Scheduler scheduler;
    private final EngineStats stats = new EngineStats();
    private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger queued = new AtomicInteger(); // submitted, not yet finished
    private final Set<EngineRequest> active = new LinkedHashSet<>(); // loop thread only
    private final Set<Integer> eos;
    private final Thread loop;
    private volatile boolean closed;
    /** The {@link Error} that ended the loop (an OutOfMemoryError, say); null while it serves. */
    private volatile Error fatal;

    /**
     * @param runner the model; the engine closes it on {@link #close}
     * @param decoder token ids to text, for streaming text and stop strings; null for ids only
     */
    public Engine(ModelRunner runner, Function<int[], String> decoder, EngineConfig config) {
        this.runner = runner;
        this.decoder = decoder;
        this.config = config;
        this.scheduler = new Scheduler(config, runner.allocator());
        this.eos = Set.copyOf(runner.eosTokenIds());
        this.loop = new Thread(this::run, "fastmath-engine");
        loop.setDaemon(true);
        loop.start();
    }

    /** An engine on a Qwen2 model with a KV cache of {@code config.kvCacheTokens()} tokens. */
    public static Engine of(Qwen2Model model, Function<int[], String> decoder, EngineConfig config) {
        return of(model, decoder, config, null);
    }

    /**
     * As {@link #of(Qwen2Model, Function, EngineConfig)}, with the forward passes on {@code compute}
     * (null: the loop's own thread). Tokens are drawn on a GPU where its logits are; on the CPU the
     * logits already are in host memory and the host sampler is the faster there (measured: the same
     * speed at a 151,936-token vocabulary, and 2-3 ms a step less at the default model's 101 tokens,
     * where the device sampler's dozen kernel calls cost more than the sampling itself).
     */
    public static Engine of(Qwen2Model model, Function<int[], String> decoder, EngineConfig config, ComputeThread compute) {
        return of(model, decoder, config, compute, !model.runtime().device().isGpu());
    }

    /**
     * As {@link #of(Qwen2Model, Function, EngineConfig, ComputeThread)}; with {@code hostSampling} every
     * step's logits are copied to the host and sampled there, the reference (and the "before" of
     * {@code bench engine}'s host bytes), instead of on the device.
     */
    public static Engine of(Qwen2Model model, Function<int[], String> decoder, EngineConfig config, ComputeThread compute,
            boolean hostSampling) {
        return new Engine(new Qwen2Runner(model, config.kvCacheTokens(), config.blockSize(), compute, hostSampling),
                decoder, config);
    }

    public EngineStats stats() {
        return stats;
    }

    public EngineConfig config() {
        return config;
    }

    /** The model's context length: prompt + generated tokens of one sequence. */
    public int maxPositions() {
        return runner.maxPositions();
    }

    /** Requests submitted and not yet finished (queued or running). */
    public int pending() {
        return queued.get();
    }

    /** Token positions the KV cache holds. */
    public int kvCapacityTokens() {
        return runner.allocator().numBlocks() * runner.allocator().blockSize();
    }

    /**
     * Queues a request.
     *
     * @throws IllegalArgumentException for a prompt the model or the cache cannot hold
     * @throws EngineOverloadedException when {@code maxWaiting} requests are already queued
     */
    public RequestHandle submit(int[] prompt, SamplingParams params) {
        return submitAll(List.of(prompt), List.of(params)).get(0);
    }

    /**
     * Submits requests that the engine takes in together, in order, before its next step. With fixed
     * seeds the whole schedule, and so every sampled token, is then a function of the requests alone
     * (one by one, the first may start running before the others arrive): what reproducible rollouts
     * need.
     */
    public List<RequestHandle> submitAll(List<int[]> prompts, List<SamplingParams> params) {
        if (fatal != null) {
            throw new IllegalStateException("the engine stopped after a fatal error and serves no more: " + fatal);
        }
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
        if (prompts.size() != params.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + params.size() + " sampling params");
        }
        for (int i = 0; i < prompts.size(); i++) {
            validate(prompts.get(i), params.get(i));
        }
        if (queued.addAndGet(prompts.size()) > config.maxWaiting()) {
            queued.addAndGet(-prompts.size());
            throw new EngineOverloadedException("engine queue full (" + config.maxWaiting() + " requests); retry later");
        }
        List<EngineRequest> requests = new ArrayList<>();
        List<RequestHandle> handles = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            SamplingParams p = params.get(i);
            long seed = p.seed() != null ? p.seed() : ThreadLocalRandom.current().nextLong();
            EngineRequest r = new EngineRequest(ids.incrementAndGet(), prompts.get(i).clone(), p, seed);
            stats.requests.increment();
            requests.add(r);
            handles.add(new RequestHandle(r, this));
        }
        commands.add(() -> requests.forEach(this::accept));
        return handles;
    }

    /** Submits and waits for the whole output. */
    public RequestOutput generate(int[] prompt, SamplingParams params) {
        try {
            return submit(prompt, params).result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private void validate(int[] prompt, SamplingParams params) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
        for (int t : prompt) {
            if (t < 0 || t >= runner.vocabSize()) {
                throw new IllegalArgumentException("token id " + t + " outside the vocabulary [0, " + runner.vocabSize() + ")");
            }
        }
        if (prompt.length >= runner.maxPositions()) {
            throw new IllegalArgumentException("prompt of " + prompt.length + " tokens leaves no room in the model's "
                    + runner.maxPositions() + " positions");
        }
        int longest = Math.min(prompt.length + params.maxTokens(), runner.maxPositions());
        if (longest > kvCapacityTokens()) {
            throw new IllegalArgumentException("prompt (" + prompt.length + ") + max_tokens (" + params.maxTokens()
                    + ") exceeds the KV cache of " + kvCapacityTokens() + " tokens");
        }
        if (!params.stop().isEmpty() && decoder == null) {
            throw new IllegalArgumentException("stop strings need a tokenizer; this engine has none");
        }
    }

    void cancel(EngineRequest r, int index) {
        r.cancelled.add(index);
        commands.add(() -> { });
    }

    // ---- the loop (engine thread only below this line) ----

    private void run() {
        while (!closed) {
            try {
                Runnable c = scheduler.hasWork() ? commands.poll() : commands.poll(50, TimeUnit.MILLISECONDS);
                while (c != null) {
                    c.run();
                    c = commands.poll();
                }
                abortCancelled();
                if (scheduler.hasWork()) {
                    step();
                }
                publishGauges();
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                // outside a forward pass or a request's own bookkeeping (the scheduler itself): no
                // request can be blamed, so all in flight fail; the loop goes on serving new ones
                LOG.error("engine step failed outside any one request; failing the requests in flight", e);
                failAll(e);
            } catch (Error e) {
                // an OutOfMemoryError or worse: the process cannot be trusted to serve on. Fail what is
                // in flight, refuse new work, and let the health checks report it so the pod is restarted.
                fatal = e;
                LOG.error("engine stopped by a fatal error; failing the requests in flight and refusing new ones", e);
                failAll(e);
                return;
            }
        }
        failAll(new IllegalStateException("engine closed"));
    }

    private void accept(EngineRequest r) {
        Function<int[], String> text = decoder;
        for (int i = 0; i < r.params.n(); i++) {
            r.sequences.add(new Sequence(r, i, text == null ? null : new IncrementalText(text)));
        }
        active.add(r);
        // one sequence prefills the prompt; the others fork from it when it is computed
        r.forked = r.params.n() == 1;
        scheduler.waiting.addLast(r.sequences.get(0));
    }

    private void step() {
        List<Scheduler.Scheduled> plan = scheduler.schedule();
        if (plan.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        for (Scheduler.Scheduled p : plan) {
            EngineRequest r = p.seq().request;
            if (!r.scheduled) {
                r.scheduled = true;
                stats.queueTime.record((start - r.submittedNanos) / 1e9);
            }
        }
        StepLogits logits;
        try {
            logits = forward(plan);
        } catch (RuntimeException e) {
            isolate(plan, e);
            return;
        }
        stats.steps.increment();
        try (logits) {
            advance(plan, logits);
        }
    }

    /** One forward pass over the planned chunks; writes their KV, returns one logits row per chunk. */
    private StepLogits forward(List<Scheduler.Scheduled> plan) {
        List<ForwardBatch.Chunk> chunks = new ArrayList<>(plan.size());
        for (Scheduler.Scheduled p : plan) {
            Sequence s = p.seq();
            chunks.add(new ForwardBatch.Chunk(s.tokens(s.computed, p.count()), s.computed, s.table.slots(s.computed + p.count())));
        }
        return runner.forward(new ForwardBatch(chunks, false));
    }

    /**
     * A forward pass failed: find the requests it failed for by running each request's chunks alone,
     * fail those, and carry on with the rest. Safe because a step changes nothing but the KV of the
     * tokens it runs (slots {@code [computed, computed + count)} of each sequence, which are the
     * sequence's own: a fork shares only full prompt blocks, which no later step writes): a failed
     * pass may have written some of them, and running the same tokens again writes them again, while
     * {@code computed}, outputs and samplers move only after a pass succeeds.
     */
    private void isolate(List<Scheduler.Scheduled> plan, RuntimeException stepError) {
        Map<EngineRequest, List<Scheduler.Scheduled>> byRequest = byRequest(plan, Scheduler.Scheduled::seq);
        LOG.warnf("engine step over %d request(s) failed (%s); running each request alone to find the cause",
                byRequest.size(), stepError);
        for (Map.Entry<EngineRequest, List<Scheduler.Scheduled>> group : byRequest.entrySet()) {
            EngineRequest r = group.getKey();
            if (!active.contains(r)) {
                continue;
            }
            StepLogits logits;
            try {
                logits = forward(group.getValue());
            } catch (RuntimeException e) {
                fail(r, "its forward pass failed", e);
                continue;
            }
            stats.steps.increment();
            try (logits) {
                advance(group.getValue(), logits);
            }
        }
    }

    /** A token a sequence draws this step, from the logits row of its chunk. */
    private record Drawer(Sequence seq, StepLogits.Draw draw) {}

    /**
     * Moves every planned sequence past the tokens the step computed, then draws the next token of
     * each sequence now at its end, all in one call where the logits are. A request whose own
     * bookkeeping throws (a fork, a draw, its text) is failed alone.
     */
    private void advance(List<Scheduler.Scheduled> plan, StepLogits logits) {
        long now = System.nanoTime();
        List<Drawer> drawers = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Sequence s = plan.get(i).seq();
            if (!active.contains(s.request)) {
                continue; // failed earlier in this step
            }
            try {
                for (Sequence t : advance(s, plan.get(i).count())) {
                    drawers.add(new Drawer(t, new StepLogits.Draw(i, t.request.params, t.sampler.nextUniform())));
                }
            } catch (RuntimeException e) {
                fail(s.request, "handling its step's output failed", e);
            }
        }
        drawers.removeIf(d -> !active.contains(d.seq().request)); // its request failed later in this step
        List<TokenSampler.Sample> samples = draw(drawers, logits);
        stats.hostBytes.add(logits.hostBytes());
        for (int j = 0; j < drawers.size(); j++) {
            Sequence t = drawers.get(j).seq();
            if (samples.get(j) == null || !active.contains(t.request) || t.finished()) {
                continue; // its request failed in this step
            }
            try {
                accept(t, samples.get(j), now);
            } catch (RuntimeException e) {
                fail(t.request, "handling its step's output failed", e);
            }
        }
    }

    /**
     * The draws' tokens in one call; if that call fails, each request's draws alone, failing the
     * requests whose draws fail (their entries null).
     */
    private List<TokenSampler.Sample> draw(List<Drawer> drawers, StepLogits logits) {
        try {
            return logits.sample(drawers.stream().map(Drawer::draw).toList());
        } catch (RuntimeException stepError) {
            LOG.warnf("drawing %d token(s) failed (%s); drawing each request's alone", drawers.size(), stepError);
        }
        Map<Drawer, TokenSampler.Sample> byDrawer = new java.util.IdentityHashMap<>();
        for (Map.Entry<EngineRequest, List<Drawer>> group : byRequest(drawers, Drawer::seq).entrySet()) {
            try {
                List<TokenSampler.Sample> drawn = logits.sample(group.getValue().stream().map(Drawer::draw).toList());
                for (int j = 0; j < drawn.size(); j++) {
                    byDrawer.put(group.getValue().get(j), drawn.get(j));
                }
            } catch (RuntimeException e) {
                fail(group.getKey(), "drawing its tokens failed", e);
            }
        }
        return drawers.stream().map(byDrawer::get).toList();
    }

    /** Items grouped by the request of their sequence, in first-seen order. */
    private static <T> Map<EngineRequest, List<T>> byRequest(List<T> items, Function<T, Sequence> sequence) {
        Map<EngineRequest, List<T>> out = new LinkedHashMap<>();
        for (T item : items) {
            out.computeIfAbsent(sequence.apply(item).request, r -> new ArrayList<>()).add(item);
        }
        return out;
    }

    /**
     * Moves a sequence past the {@code count} tokens the step computed; returns the sequences that now
     * draw a token from its row: none mid-prefill, itself, or at the fork the whole request.
     */
    private List<Sequence> advance(Sequence s, int count) {
        int promptRun = Math.max(0, Math.min(s.request.prompt.length, s.computed + count) - s.computed);
        s.request.prefillTokens += promptRun;
        stats.promptTokens.add(promptRun);
        s.computed += count;
        if (s.pending() > 0) {
            return List.of(); // a prefill chunk: the sequence is not at its end yet
        }
        // at the fork every sequence of the request samples its first token from this row
        return s.request.forked ? List.of(s) : fork(s);
    }

    /**
     * Gives each other sequence of the request the parent's prompt KV: shared full blocks, copied last
     * block. Returns the sequences that now sample their first token: the parent and the children.
     */
    private List<Sequence> fork(Sequence parent) {
        EngineRequest r = parent.request;
        r.forked = true;
        List<Sequence> group = new ArrayList<>(List.of(parent));
        int len = r.prompt.length;
        int bs = runner.allocator().blockSize();
        int partial = len % bs;
        for (Sequence child : r.sequences) {
            if (child == parent || child.finished()) {
                continue;
            }
            group.add(child);
            try {
                BlockTable table = parent.table.fork(len);
                if (partial > 0) {
                    long[] from = Arrays.copyOfRange(parent.table.slots(len), len - partial, len);
                    long[] to = Arrays.copyOfRange(table.slots(len), len - partial, len);
                    try {
                        runner.copySlots(from, to);
                    } catch (RuntimeException e) {
                        table.release(); // the child does not hold it yet: nobody else would
                        throw e;
                    }
                }
                child.table = table;
                child.computed = len;
                scheduler.admit(child);
            } catch (KvCacheFullException e) {
                // no block for its copy: it will be admitted later and recompute the prompt
                scheduler.waiting.addLast(child);
            }
        }
        return group;
    }

    private void accept(Sequence s, TokenSampler.Sample sample, long now) {
        int token = sample.token();
        s.output.add(token);
        if (s.request.params.logprobs()) {
            s.logprobs.add(sample.logprob());
        }
        stats.generatedTokens.increment();
        if (s.output.size() == 1) {
            stats.timeToFirstToken.record((now - s.request.submittedNanos) / 1e9);
        } else {
            stats.interTokenLatency.record((now - s.lastTokenNanos) / 1e9);
        }
        s.lastTokenNanos = now;
        SamplingParams p = s.request.params;
        double group = s.confidence == null ? Double.NaN : s.confidence.add(sample.confidence());
        // a stop token ends the sequence and, like vLLM, adds no text
        boolean stopToken = (!p.ignoreEos() && eos.contains(token)) || p.stopTokenIds().contains(token);
        String delta = s.text == null || stopToken ? "" : s.stops.append(s.text.add(token));
        FinishReason finish = null;
        if (stopToken || s.stops.stopped()) {
            finish = FinishReason.STOP;
        } else if (s.output.size() >= p.maxTokens() || s.length() >= runner.maxPositions()) {
            finish = FinishReason.LENGTH;
        } else if (s.confidence != null && s.confidence.full() && group < s.request.pruneBelow) {
            finish = FinishReason.LOW_CONFIDENCE; // DeepConf online: stopped at once, its KV freed with it
        }
        if (finish != null && s.text != null && !s.stops.stopped()) {
            delta += s.stops.append(s.text.flush()) + s.stops.flush();
        }
        double logprob = p.logprobs() ? sample.logprob() : Double.NaN;
        if (finish == null) {
            s.request.events.onNext(new SequenceEvent(s.index, token, delta, logprob, sample.confidence(), group, null));
        } else {
            finish(s, finish, token, delta, logprob, sample.confidence(), group);
        }
    }

    private void abortCancelled() {
        for (EngineRequest r : new ArrayList<>(active)) {
            if (r.cancelled.isEmpty()) {
                continue;
            }
            for (Sequence s : r.sequences) {
                if (!s.finished() && r.isCancelled(s.index)) {
                    boolean unforkedParent = !r.forked && s.index == 0;
                    finish(s, FinishReason.ABORT, -1, s.text == null ? "" : s.stops.flush(), Double.NaN);
                    if (unforkedParent) {
                        promoteChildren(r);
                    }
                }
            }
        }
    }

    /** The prefilling sequence was aborted before forking: the others prefill on their own. */
    private void promoteChildren(EngineRequest r) {
        r.forked = true;
        for (Sequence s : r.sequences) {
            if (!s.finished()) {
                scheduler.waiting.addLast(s);
            }
        }
    }

    private void finish(Sequence s, FinishReason reason, int token, String delta, double logprob) {
        finish(s, reason, token, delta, logprob, Double.NaN, Double.NaN);
    }

    private void finish(Sequence s, FinishReason reason, int token, String delta, double logprob, double confidence,
            double group) {
        s.finish = reason;
        scheduler.remove(s);
        stats.finished.get(reason).increment();
        EngineRequest r = s.request;
        r.events.onNext(new SequenceEvent(s.index, token, delta, logprob, confidence, group, reason));
        r.finishedCount++;
        if (r.done()) {
            active.remove(r);
            queued.decrementAndGet();
            stats.requestLatency.record((System.nanoTime() - r.submittedNanos) / 1e9);
            List<SequenceOutput> outs = new ArrayList<>();
            for (Sequence q : r.sequences) {
                outs.add(new SequenceOutput(q.index, List.copyOf(q.output), q.text == null ? "" : q.stops.text(),
                        List.copyOf(q.logprobs), q.finish));
            }
            publishGauges(); // a caller woken by the result sees its KV already returned
            r.events.onComplete();
            r.result.complete(new RequestOutput(r.id, r.prompt.length, outs, r.prefillTokens));
        }
    }

    /** Fails one request: its sequences leave the batch and free their KV; the others go on. */
    private void fail(EngineRequest r, String what, RuntimeException cause) {
        EngineStepException error = new EngineStepException("request " + r.id + " failed in an engine step: " + what
                + ": " + cause, cause);
        LOG.errorf(cause, "%s; the other requests continue", error.getMessage());
        stats.failedRequests.increment();
        drop(r, error);
        publishGauges();
    }

    private void drop(EngineRequest r, Throwable error) {
        for (Sequence s : r.sequences) {
            scheduler.remove(s);
        }
        if (active.remove(r)) {
            queued.decrementAndGet();
        }
        r.events.onError(error);
        r.result.completeExceptionally(error);
    }

    private void failAll(Throwable error) {
        for (EngineRequest r : new ArrayList<>(active)) {
            stats.failedRequests.increment();
            drop(r, error);
        }
        for (Sequence s : new ArrayList<>(scheduler.running)) {
            scheduler.remove(s); // none should be left; if one is, its blocks go back
        }
        scheduler.waiting.clear();
        publishGauges();
    }

    private void publishGauges() {
        stats.waiting = scheduler.waiting.size();
        stats.running = scheduler.running.size();
        int total = runner.allocator().numBlocks();
        stats.kvUsage = (double) (total - runner.allocator().freeBlocks()) / total;
        long p = scheduler.preemptions;
        long reported = stats.preemptions.sum();
        if (p > reported) {
            stats.preemptions.add(p - reported);
        }
    }

    /** The error that stopped the engine for good, if one did: the service is then not live. */
    public Optional<Error> fatalError() {
        return Optional.ofNullable(fatal);
    }

    /** Stops the loop; requests in flight fail. */
    @Override
    public void close() {
        closed = true;
        loop.interrupt();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runner.close();
    }
}
