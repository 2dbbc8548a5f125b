package ai.fastmath.training.sft;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.fastmath.model.ForwardBatch;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.Qwen2Weights;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.training.HfCheckpoint;
import ai.fastmath.training.optim.AdamW;
import ai.fastmath.training.optim.GradClip;
import ai.fastmath.training.optim.LrSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

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
        String fingerprint = fingerprint();
        Optional<Path> resume = latestCheckpoint().filter(dir -> TrainerState.read(dir)
                .map(s -> s.fingerprint().equals(fingerprint)).orElse(false));
        Qwen2Model model = resume.map(dir -> Qwen2Model.loadTrainable(dir, runtime)).orElseGet(init);
        List<Qwen2Weights.Param> params = model.weights().parameters();
        int total = totalSteps();
        LrSchedule schedule = new LrSchedule(settings.learningRate(),
                (int) Math.round(settings.warmupRatio() * total), total, settings.minLrRatio());
        MetricsLog log = new MetricsLog(out.resolve("metrics.jsonl"));
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
                    saveCheckpoint(model, params, optimizer, step + 1, fingerprint);
                }
                if ((step + 1) % stepsPerEpoch() == 0) {
                    listener.epochEnd((step + 1) / stepsPerEpoch(), model);
                }
            }
            HfCheckpoint.write(out, model, tokenizerDir, generation);
            TrainingPlots.write(out, log.read());
            return model;
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** The examples of optimizer step {@code step}: the epoch's seeded order, sliced. */
    List<SftExample> examplesOf(int step) {
        int epoch = step / stepsPerEpoch();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(settings.seed() * 1_000_003L + epoch));
        int from = (step % stepsPerEpoch()) * settings.examplesPerStep();
        int to = Math.min(data.size(), from + settings.examplesPerStep());
        return order.subList(from, to).stream().map(data::get).toList();
    }

    private void saveCheckpoint(Qwen2Model model, List<Qwen2Weights.Param> params, AdamW optimizer, int step,
            String fingerprint) {
        Path dir = out.resolve("checkpoint-" + step);
        Path tmp = out.resolve(".checkpoint-" + step + ".tmp");
        try {
            deleteTree(tmp);
            HfCheckpoint.write(tmp, model, tokenizerDir, generation);
            new TrainerState(step, totalSteps(), settings.seed(), fingerprint).write(tmp, params, optimizer.moments());
            deleteTree(dir);
            Files.move(tmp, dir); // a checkpoint appears whole or not at all
            List<Path> all = checkpoints();
            for (Path old : all.subList(0, Math.max(0, all.size() - settings.keepCheckpoints()))) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    private Optional<Path> latestCheckpoint() {
        List<Path> all = checkpoints();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Step checkpoints in {@code out}, oldest first. */
    private List<Path> checkpoints() {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(11))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings and data a run was started with: a resume with anything else starts afresh. */
    private String fingerprint() {
        int h = settings.hashCode();
        for (SftExample e : data) {
            h = 31 * h + Arrays.hashCode(e.tokens()) + e.promptLength();
        }
        return settings + "#" + data.size() + "#" + Integer.toHexString(h);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
