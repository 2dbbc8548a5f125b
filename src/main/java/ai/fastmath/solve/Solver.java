package ai.fastmath.solve;

import ai.fastmath.engine.Engine;
import ai.fastmath.engine.EngineOverloadedException;
import ai.fastmath.engine.FinishReason;
import ai.fastmath.engine.RequestHandle;
import ai.fastmath.engine.SamplingParams;
import ai.fastmath.engine.SequenceEvent;
import ai.fastmath.model.tokenizer.ChatTemplate;
import ai.fastmath.model.tokenizer.TextTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Self-consistency on the engine: N samples of one problem run as one request (one prefill, N
 * forks), each stopped at the model's stop strings (its {@code generation_config.json}: {@code </think>}
 * for a stage-2 model, none for a stage-1 model), eos or its limit; every finished sample's last boxed
 * answer votes; as soon as the request's rule says the vote is decided, or the token budget or the
 * deadline runs out, the samples still running are cancelled and the vote over what finished is the
 * answer.
 */
public final class Solver implements ProblemSolver {

    private final Engine engine;
    private final TextTokenizer tokenizer;
    /** Deadline timers; one whose run ends first is cancelled and dropped from the queue at once. */
    private final ScheduledThreadPoolExecutor timers = deadlineTimers();

    private final String description;
    private final List<String> stopStrings;

    /** A solver whose samples stop at {@code </think>} (a stage-2 model's rule). */
    public Solver(Engine engine, TextTokenizer tokenizer) {
        this(engine, tokenizer, "embedded model", List.of("</think>"));
    }

    /**
     * @param description what {@link #describe()} reports (e.g. the checkpoint directory)
     * @param stopStrings where each sample is cut besides the end of its turn, usually the model's
     *     {@link ai.fastmath.model.GenerationConfig#stopStrings()}: {@code </think>} (after stage 2, its
     *     last box before it is its answer) or none (a stage-1 model, which boxes after {@code </think>},
     *     runs to the end of its turn, as the paper's evaluation does)
     */
    public Solver(Engine engine, TextTokenizer tokenizer, String description, List<String> stopStrings) {
        this.engine = engine;
        this.tokenizer = tokenizer;
        this.description = description;
        this.stopStrings = List.copyOf(stopStrings);
    }

    /** The strings that cut a sample, besides the end of its turn. */
    public List<String> stopStrings() {
        return stopStrings;
    }

    @Override
    public SolveRun submit(SolveRequest request) {
        return start(request, e -> { });
    }

    @Override
    public String describe() {
        return description;
    }

    public Engine engine() {
        return engine;
    }

    /** The prompt tokens of a problem: the chat template with the system and user turns. */
    public int[] prompt(SolveRequest r) {
        ChatTemplate template = tokenizer.chatTemplate().orElseThrow(
                () -> new IllegalStateException("the model's tokenizer has no chat template"));
        return tokenizer.encode(template.prompt(r.systemPrompt(), r.problem()));
    }

    /** Starts solving; the future completes with the vote. */
    public CompletableFuture<SolveResult> solve(SolveRequest r) {
        return start(r, e -> { }).result();
    }

    /**
     * Starts solving and reports progress to {@code listener} (called on the engine's thread: it must
     * not block).
     *
     * @throws IllegalArgumentException when the prompt with its token limit does not fit the model
     * @throws ai.fastmath.engine.EngineOverloadedException when the engine's queue is full
     */
    public SolveRun start(SolveRequest r, Consumer<SolveEvent> listener) {
        return start(r, prompt(r), listener);
    }

    /** {@link #start(SolveRequest, Consumer)} with the prompt already tokenized by {@link #prompt}. */
    public SolveRun start(SolveRequest r, int[] prompt, Consumer<SolveEvent> listener) {
        int context = engine.maxPositions();
        if (prompt.length + r.maxTokensPerSample() > context) {
            throw new IllegalArgumentException("max_tokens: the prompt (" + prompt.length + " tokens) + max_tokens ("
                    + r.maxTokensPerSample() + ") exceeds the model's context of " + context + " tokens");
        }
        SamplingParams params = SamplingParams.builder()
                .n(r.wave())
                .temperature(r.temperature())
                .topP(r.topP())
                .minP(r.minP())
                .seed(r.seed())
                .maxTokens(r.maxTokensPerSample())
                .stop(stopStrings)
                .includeStopString(false)
                .stopTokenIds(tokenizer.stopTokenIds(List.of()))
                .confidence(r.rule() instanceof ConfidenceRule ? ConfidenceRule.TOP_K : 0, ConfidenceRule.WINDOW)
                .build();
        long t0 = System.nanoTime();
        Tally state = new Tally(r, prompt, params, listener);
        state.launchFirstWave();
        if (r.deadline() != null) {
            // cancelled when the run ends: a deadline may lie days ahead and would hold the run and its texts
            ScheduledFuture<?> timer = timers.schedule(() -> state.stop("deadline"), r.deadline().toMillis(),
                    TimeUnit.MILLISECONDS);
            state.ended.whenComplete((v, e) -> timer.cancel(false));
        }
        CompletableFuture<SolveResult> result = state.ended.thenApply(v -> {
            SolveResult done = state.result((System.nanoTime() - t0) / 1e9);
            listener.accept(new SolveEvent.Done(done));
            return done;
        });
        return SolveRun.of(result, state::stop);
    }

    /** Per-problem vote state, fed by the engine's events (one thread: the engine's). */
    private final class Tally {
        final SolveRequest request;
        final int[] prompt;
        final SamplingParams params;
        final List<RequestHandle> handles = new ArrayList<>();
        /** Completes once every started sample has finished and no more will start. */
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        final Consumer<SolveEvent> listener;
        final AnswerChecker checker;
        final Vote vote;
        final StringBuilder[] texts;
        final int[] tokens;
        final String[] answers;
        final FinishReason[] finish;
        final ConfidenceRule confidence; // null: a plain rule
        final TraceConfidence[] traces; // with a confidence rule
        final double[] scores;
        final String[] classes; // each voting sample's answer class in the plain vote
        final List<Double> warmupScores = new ArrayList<>();
        Double threshold; // online: set once the warm-up traces finished
        long totalTokens;
        int started;
        int endedCount;
        volatile String stopReason;

        Tally(SolveRequest request, int[] prompt, SamplingParams params, Consumer<SolveEvent> listener) {
            this.request = request;
            this.prompt = prompt;
            this.params = params;
            this.listener = listener;
            this.checker = request.checker();
            this.vote = new Vote(checker::same); // equivalent answers are one: sqrt(8) and 2 sqrt(2)
            int n = request.samples();
            texts = new StringBuilder[n];
            for (int i = 0; i < n; i++) {
                texts[i] = new StringBuilder();
            }
            tokens = new int[n];
            answers = new String[n];
            finish = new FinishReason[n];
            confidence = request.rule() instanceof ConfidenceRule c ? c : null;
            traces = new TraceConfidence[n];
            scores = new double[n];
            classes = new String[n];
            java.util.Arrays.fill(scores, Double.NaN);
            for (int i = 0; i < n && confidence != null; i++) {
                traces[i] = new TraceConfidence(params.confidenceWindow());
            }
        }

        /** The first wave as one request: one prefill, its samples forked (sample i seeded seed + i). */
        synchronized void launchFirstWave() {
            launch(params);
        }

        /** Sample {@code started} alone, seeded as it would be in one forked request. */
        private void launchNext() {
            Long seed = request.seed() == null ? null : request.seed() + started;
            try {
                launch(params.toBuilder().n(1).seed(seed).build());
            } catch (EngineOverloadedException full) { // the engine's queue is full: vote over what has finished
                stop("engine_full");
            } catch (RuntimeException failure) { // anything else is a failure, not an overload
                stop("error");
            }
        }

        private void launch(SamplingParams p) {
            int offset = started;
            RequestHandle h = engine.submit(prompt, p);
            if (threshold != null) {
                h.pruneBelow(threshold);
            }
            handles.add(h);
            started += p.n();
            h.result().whenComplete((out, error) -> {
                if (error != null) {
                    ended.completeExceptionally(error);
                }
            });
            h.events().subscribe().with(e -> onEvent(offset, e), e -> { }, () -> { });
        }

        synchronized void onEvent(int offset, SequenceEvent e) {
            int i = offset + e.index();
            texts[i].append(e.textDelta());
            if (e.tokenId() >= 0) {
                tokens[i]++;
                totalTokens++;
                if (confidence != null && !Double.isNaN(e.confidence())) {
                    traces[i].add(e.confidence());
                }
            }
            if (e.tokenId() >= 0 || !e.textDelta().isEmpty()) {
                listener.accept(new SolveEvent.SampleDelta(i, e.textDelta(), tokens[i],
                        Double.isNaN(e.groupConfidence()) ? null : e.groupConfidence()));
            }
            if (e.finished()) {
                finish[i] = e.finishReason();
                boolean votes = e.finishReason() != FinishReason.ABORT && e.finishReason() != FinishReason.LOW_CONFIDENCE;
                if (votes) {
                    Optional<String> a = checker.answer(texts[i].toString());
                    answers[i] = a.orElse(null);
                    vote.add(a);
                    classes[i] = a.isPresent() ? vote.order().get(vote.order().size() - 1) : null;
                }
                if (confidence != null && e.finishReason() != FinishReason.ABORT) {
                    scores[i] = traces[i].score(confidence.score());
                }
                listener.accept(new SolveEvent.SampleFinished(i, answers[i], tokens[i], e.finishReason().wireName(),
                        Double.isNaN(scores[i]) ? null : scores[i]));
                if (votes) {
                    int running = request.samples() - vote.finished() - notVoting(); // not yet started ones included
                    if (confidence == null) {
                        listener.accept(new SolveEvent.VoteUpdate(vote.leader().orElse(null), vote.share(),
                                new LinkedHashMap<>(vote.tally()), vote.finished(), running));
                        if (running > 0 && request.rule().decided(vote, running)) {
                            stop(request.rule().name());
                        }
                    } else {
                        WeightedVote weighted = confidence.vote(classes, scores);
                        listener.accept(new SolveEvent.VoteUpdate(weighted.leader().orElse(null), weighted.share(),
                                weighted.tally(), vote.finished(), running));
                        onConfidentTrace(i, weighted, running);
                    }
                }
            }
            if (request.tokenBudget() > 0 && totalTokens >= request.tokenBudget() && !allDone()) {
                stop("token_budget");
            }
            if (e.finished()) {
                endedCount++;
                if (stopReason == null && started < request.samples()) {
                    launchNext();
                } else if (endedCount == started) {
                    ended.complete(null);
                }
            }
        }

        /** Online DeepConf: the warm-up sets the threshold; after it, consensus stops the vote. */
        private void onConfidentTrace(int i, WeightedVote weighted, int running) {
            if (!confidence.online()) {
                return;
            }
            if (threshold == null) {
                warmupScores.add(scores[i]);
                if (warmupScores.size() < confidence.warmup()) {
                    return;
                }
                threshold = confidence.threshold(warmupScores);
                handles.forEach(h -> h.pruneBelow(threshold));
            }
            if (running > 0 && confidence.consensus(weighted)) {
                stop(confidence.name());
            }
        }

        synchronized void stop(String reason) {
            if (stopReason == null) {
                stopReason = reason;
                handles.forEach(RequestHandle::cancel);
                if (endedCount == started) { // nothing in flight (a wave boundary): the vote ends here
                    ended.complete(null);
                }
            }
        }

        /** Samples that ended without voting: aborted, or pruned for low confidence. */
        private int notVoting() {
            int n = 0;
            for (FinishReason f : finish) {
                n += f == FinishReason.ABORT || f == FinishReason.LOW_CONFIDENCE ? 1 : 0;
            }
            return n;
        }

        private boolean allDone() {
            return started == request.samples() && endedCount == started;
        }

        synchronized SolveResult result(double seconds) {
            List<SolveResult.Sample> samples = new ArrayList<>();
            int ran = 0;
            for (int i = 0; i < request.samples(); i++) {
                ran += i < started && (tokens[i] > 0 || finish[i] != FinishReason.ABORT) ? 1 : 0;
                // a sample never started (waves, or queued in the engine) was cancelled by the early end: abort
                FinishReason f = finish[i] == null && i >= started ? FinishReason.ABORT : finish[i];
                samples.add(new SolveResult.Sample(i, answers[i], tokens[i], f == null ? null : f.wireName(),
                        request.includeText() ? texts[i].toString() : null, Double.isNaN(scores[i]) ? null : scores[i]));
            }
            String end = stopReason == null ? "all_finished" : stopReason;
            if (confidence != null) {
                WeightedVote weighted = confidence.vote(classes, scores);
                return new SolveResult(weighted.leader().orElse(null), weighted.share(), weighted.tally(), samples,
                        totalTokens, seconds, ran, vote.finished(), end);
            }
            return new SolveResult(vote.leader().orElse(null), vote.share(), new LinkedHashMap<>(vote.tally()), samples,
                    totalTokens, seconds, ran, vote.finished(), end);
        }
    }

    private static ScheduledThreadPoolExecutor deadlineTimers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fastmath-solve-deadlines");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    /** Deadline timers still waiting: one per run that has a deadline and has not ended. */
    int pendingDeadlines() {
        return timers.getQueue().size();
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
