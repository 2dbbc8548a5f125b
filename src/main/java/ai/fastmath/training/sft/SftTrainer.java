package ai.fastmath.training.sft;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.fastmath.model.ForwardBatch;
import ai.fastmath.model.IntraOpThreads;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.Qwen2Weights;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.training.BatchOrder;
import ai.fastmath.training.HfCheckpoint;
import ai.fastmath.training.MetricsLog;
import ai.fastmath.training.StepCheckpoints;
import ai.fastmath.training.TrainerState;
import ai.fastmath.training.optim.AdamW;
import ai.fastmath.training.optim.GradClip;
import ai.fastmath.training.optim.LrSchedule;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Supervised fine-tuning on the model runtime's own forward pass with DJL autograd: loss on reply
 * tokens only, AdamW with decoupled weight decay, linear warmup then cosine decay, global-norm
 * clipping, gradient accumulation, N epochs in a seeded order. Checkpoints go to
 * {@code out/checkpoint-STEP} in the Hugging Face layout with the trainer state beside them; a run
 * started again on the same {@code out} resumes from the newest one and ends with the same
 * parameters as a run never interrupted.
 */
public final class SftTrainer {

    /** Called after every step (progress, metrics) and at the end of every epoch (evaluation). */
    public interface Listener {
        void step(StepMetrics m);

        default void epochEnd(int epoch, Qwen2Model model) {}
    }

    private final SftSettings settings;
    private final List<SftExample> data;
    private final Path out;
    private final Path tokenizerDir;
    private final HfCheckpoint.GenerationDefaults generation;
    private List<List<Integer>> order; // the steps of epoch orderEpoch
    private int orderEpoch = -1;

    public SftTrainer(SftSettings settings, List<SftExample> data, Path out, Path tokenizerDir,
            HfCheckpoint.GenerationDefaults generation) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        this.settings = settings;
        this.data = data.stream().map(e -> e.truncate(settings.maxLength())).toList();
        this.out = out;
        this.tokenizerDir = tokenizerDir;
        this.generation = generation;
    }

    public int stepsPerEpoch() {
        return (data.size() + settings.examplesPerStep() - 1) / settings.examplesPerStep();
    }

    public int totalSteps() {
        return settings.epochs() * stepsPerEpoch();
    }

    /**
     * Trains (or resumes) and writes the final model into {@code out}.
     *
     * @param init the starting model when there is nothing to resume (random init or a base checkpoint),
     *     built with {@link Qwen2Model#buildTrainable}
     * @return the trained model (trainable; the caller closes it)
     */
    public Qwen2Model train(Supplier<Qwen2Model> init, TensorRuntime runtime, Listener listener) {
        IntraOpThreads.compute(); // the training loop runs on this thread
        String fingerprint = fingerprint();
        StepCheckpoints checkpoints = new StepCheckpoints(out, settings.keepCheckpoints(), tokenizerDir, generation);
        Optional<Path> resume = checkpoints.resumable(fingerprint);
        Qwen2Model model = resume.map(dir -> Qwen2Model.loadTrainable(dir, runtime)).orElseGet(init);
        List<Qwen2Weights.Param> params = model.weights().parameters();
        int total = totalSteps();
        LrSchedule schedule = new LrSchedule(settings.learningRate(),
                (int) Math.round(settings.warmupRatio() * total), total, settings.minLrRatio());
        MetricsLog<StepMetrics> log = new MetricsLog<>(out.resolve("metrics.jsonl"), StepMetrics.class, StepMetrics::step);
        try (NDManager optimizerScope = model.newScope();
                AdamW optimizer = new AdamW(params, AdamW.Settings.defaults(settings.weightDecay()), optimizerScope)) {
            int start = 0;
            if (resume.isPresent()) {
                TrainerState state = TrainerState.read(resume.get()).orElseThrow();
                optimizer.restore(TrainerState.readMoments(resume.get(), params), state.step());
                start = state.step();
            }
            log.keepUpTo(start);
            long t0 = System.nanoTime();
            for (int step = start; step < total; step++) {
                long ts = System.nanoTime();
                List<SftExample> examples = examplesOf(step);
                long replyTokens = examples.stream().mapToLong(SftExample::lossTokens).sum();
                long tokens = examples.stream().mapToLong(e -> e.tokens().length).sum();
                double loss = 0;
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    for (int from = 0; from < examples.size(); from += settings.batchSize()) {
                        List<SftExample> micro = examples.subList(from, Math.min(examples.size(), from + settings.batchSize()));
                        try (NDManager scope = model.newScope()) {
                            NDArray logits = model.forward(scope, ForwardBatch.uncached(
                                    micro.stream().map(SftExample::tokens).toList()), null); // (tokens, vocab)
                            NDArray l = SftLoss.summedNll(scope, logits, micro).div((float) replyTokens);
                            collector.backward(l);
                            loss += l.getFloat();
                        }
                    }
                }
                double norm = GradClip.clip(params, settings.maxGradNorm());
                double lr = schedule.at(step);
                optimizer.step(lr);
                optimizer.zeroGradients();
                double seconds = (System.nanoTime() - ts) / 1e9;
                StepMetrics m = new StepMetrics(step + 1, total, (step + 1) / (double) stepsPerEpoch(), loss, lr, norm,
                        tokens, tokens / seconds, (System.nanoTime() - t0) / 1e9);
                log.append(m);
                listener.step(m);
                boolean last = step + 1 == total;
                if ((step + 1) % settings.saveSteps() == 0 || last) {
                    checkpoints.save(model, params, optimizer,
                            new TrainerState(step + 1, total, settings.seed(), fingerprint));
                }
                if ((step + 1) % stepsPerEpoch() == 0) {
                    listener.epochEnd((step + 1) / stepsPerEpoch(), model);
                }
            }
            checkpoints.writeFinal(model);
            TrainingPlots.write(out, log.read());
            return model;
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** The examples of optimizer step {@code step}, by {@link BatchOrder}. */
    List<SftExample> examplesOf(int step) {
        int epoch = step / stepsPerEpoch();
        if (orderEpoch != epoch) {
            int[] lengths = data.stream().mapToInt(e -> e.tokens().length).toArray();
            order = BatchOrder.epoch(lengths, settings.examplesPerStep(), settings.seed(), epoch, settings.groupByLength());
            orderEpoch = epoch;
        }
        return order.get(step % stepsPerEpoch()).stream().map(data::get).toList();
    }

    /** The settings and data a run was started with: a resume with anything else starts afresh. */
    private String fingerprint() {
        int h = settings.hashCode();
        for (SftExample e : data) {
            h = 31 * h + Arrays.hashCode(e.tokens()) + e.promptLength();
        }
        return settings + "#" + data.size() + "#" + Integer.toHexString(h);
    }
}
