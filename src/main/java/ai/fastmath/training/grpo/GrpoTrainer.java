package ai.fastmath.training.grpo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.fastmath.eval.ProblemSet;
import ai.fastmath.model.ComputeThread;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.Qwen2Weights;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.solve.AnswerChecker;
import ai.fastmath.training.BatchOrder;
import ai.fastmath.training.HfCheckpoint;
import ai.fastmath.training.MetricsLog;
import ai.fastmath.training.StepCheckpoints;
import ai.fastmath.training.TrainerState;
import ai.fastmath.training.optim.AdamW;
import ai.fastmath.training.optim.GradClip;
import ai.fastmath.training.optim.LrSchedule;
import ai.fastmath.training.optim.NoGrad;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Stage 2: GRPO. Each step samples G completions of a batch of prompts with the project's engine,
 * scores them with the weighted rewards, turns rewards into group-relative advantages and makes
 * {@code num_iterations} AdamW updates on the clipped surrogate with a KL penalty against the frozen
 * reference (the stage-1 model). Checkpoints and exact resume as in SFT: the prompt order and the
 * rollouts' seeds are functions of the run's seed and the step.
 */
public final class GrpoTrainer {

    /** Called after every step. */
    public interface Listener {
        void step(GrpoStepMetrics m);
    }

    private final GrpoSettings settings;
    private final RolloutSettings rollout;
    private final LossSettings lossSettings;
    private final List<ProblemSet.Problem> problems;
    private final RolloutSampler sampler;
    private final Rewards rewards;
    private final Path out;
    private final StepCheckpoints checkpoints;
    private final String fingerprint;

    public GrpoTrainer(GrpoSettings settings, RolloutSettings rollout, RewardSettings rewardSettings, LossSettings loss,
            List<ProblemSet.Problem> problems, RolloutSampler sampler, Path out, Path tokenizerDir,
            HfCheckpoint.GenerationDefaults generation) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no GRPO prompts");
        }
        for (ProblemSet.Problem p : problems) {
            if (p.answer() == null || p.answer().isBlank()) {
                throw new IllegalArgumentException("GRPO prompt " + p.id() + " has no answer to reward against");
            }
        }
        this.settings = settings;
        this.rollout = rollout;
        this.lossSettings = loss;
        this.problems = List.copyOf(problems);
        this.sampler = sampler;
        this.rewards = new Rewards(rewardSettings, AnswerChecker.exact());
        this.out = out;
        this.checkpoints = new StepCheckpoints(out, settings.keepCheckpoints(), tokenizerDir, generation);
        this.fingerprint = settings + "|" + rollout + "|" + rewardSettings + "|" + loss + "|" + problems.hashCode();
    }

    /**
     * Trains (or resumes) and writes the final model into {@code out}.
     *
     * @param policy the starting policy when there is nothing to resume (trainable)
     * @param reference the frozen reference model (not called when beta is 0; closed at the end)
     * @return the trained policy (the caller closes it)
     */
    public Qwen2Model train(Supplier<Qwen2Model> policy, Supplier<Qwen2Model> reference, TensorRuntime runtime,
            Listener listener) {
        Optional<Path> resume = checkpoints.resumable(fingerprint);
        Qwen2Model model = resume.map(dir -> Qwen2Model.loadTrainable(dir, runtime)).orElseGet(policy);
        Qwen2Model ref = lossSettings.beta() == 0 ? null : reference.get();
        List<Qwen2Weights.Param> params = model.weights().parameters();
        int mu = lossSettings.numIterations();
        int updates = settings.steps() * mu;
        LrSchedule schedule = new LrSchedule(settings.learningRate(), (int) Math.round(settings.warmupRatio() * updates),
                updates, settings.minLrRatio());
        MetricsLog<GrpoStepMetrics> log = new MetricsLog<>(out.resolve("metrics.jsonl"), GrpoStepMetrics.class,
                GrpoStepMetrics::step);
        // Rollouts and updates both compute on one thread of their own, so one team of kernel threads
        // serves both (see ComputeThread); this thread only loads, copies and saves.
        try (ComputeThread compute = new ComputeThread("fastmath-grpo");
                NDManager optimizerScope = model.newScope();
                AdamW optimizer = new AdamW(params, AdamW.Settings.defaults(settings.weightDecay()), optimizerScope)) {
            int start = 0;
            if (resume.isPresent()) {
                TrainerState state = TrainerState.read(resume.get()).orElseThrow();
                optimizer.restore(TrainerState.readMoments(resume.get(), params), (long) state.step() * mu);
                start = state.step();
            }
            log.keepUpTo(start);
            long t0 = System.nanoTime();
            for (int step = start; step < settings.steps(); step++) {
                GrpoStepMetrics m = step(step, model, ref, params, optimizer, schedule, t0, compute);
                log.append(m);
                listener.step(m);
                if ((step + 1) % settings.saveSteps() == 0 || step + 1 == settings.steps()) {
                    checkpoints.save(model, params, optimizer, new TrainerState(step + 1, settings.steps(), settings.seed(),
                            fingerprint));
                }
            }
            checkpoints.writeFinal(model);
            GrpoPlots.write(out, log.read());
            return model;
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        } finally {
            if (ref != null) {
                ref.close();
            }
        }
    }

    private GrpoStepMetrics step(int step, Qwen2Model model, Qwen2Model ref, List<Qwen2Weights.Param> params,
            AdamW optimizer, LrSchedule schedule, long t0, ComputeThread compute) {
        long ts = System.nanoTime();
        List<ProblemSet.Problem> batch = promptsOf(step);
        List<Completion> sampled = sampler.sample(model, batch.stream().map(ProblemSet.Problem::problem).toList(),
                settings.seed() * 1_000_003L + step, compute);
        List<Rewards.Score> scores = rewards.score(sampled, batch.stream().map(ProblemSet.Problem::answer).toList());
        double[] groupAdvantages = Advantages.of(scores.stream().mapToDouble(Rewards.Score::total).toArray(),
                rollout.numGenerations(), lossSettings.scaleRewards());
        boolean[] inKeptGroup = lossSettings.filterGroups().keep(scores, rollout.numGenerations());
        double groupsKept = IntStream.range(0, inKeptGroup.length).filter(i -> inKeptGroup[i]).count()
                / (double) inKeptGroup.length;
        boolean zeroed = lossSettings.filterMode() == GroupFilter.Mode.ZERO_ADVANTAGE; // else filtered groups are dropped
        for (int i = 0; i < inKeptGroup.length; i++) {
            if (zeroed && !inKeptGroup[i]) {
                groupAdvantages[i] = 0;
            }
        }
        long tr = System.nanoTime();
        // Forward passes in order of length: attention is padded to a micro-batch's longest sequence.
        int[] byLength = IntStream.range(0, sampled.size()).filter(i -> zeroed || inKeptGroup[i]).boxed()
                .sorted(Comparator.comparingInt(i -> sampled.get(i).prompt().length + sampled.get(i).tokens().length))
                .mapToInt(Integer::intValue).toArray();
        List<Completion> completions = Arrays.stream(byLength).mapToObj(sampled::get).toList();
        double[] advantages = Arrays.stream(byLength).mapToDouble(i -> groupAdvantages[i]).toArray();

        int n = completions.size();
        int[] lengths = completions.stream().mapToInt(c -> c.tokens().length).toArray();
        boolean[] kept = new boolean[n];
        for (int i = 0; i < n; i++) {
            kept[i] = !(lossSettings.maskTruncatedCompletions() && completions.get(i).truncated());
        }
        double[] seqWeights = lossSettings.lossType().weights(lengths, kept, settings.microBatch(), rollout.maxCompletionLength());
        List<List<Completion>> micros = new ArrayList<>();
        for (int from = 0; from < n; from += settings.microBatch()) {
            micros.add(completions.subList(from, Math.min(n, from + settings.microBatch())));
        }
        Update u = compute.call(() -> update(step, model, ref, params, optimizer, schedule, micros, advantages, seqWeights, n));
        long te = System.nanoTime();
        return GrpoStepMetrics.builder().step(step + 1).totalSteps(settings.steps())
                .reward(mean(scores, Rewards.Score::total)).formatReward(mean(scores, Rewards.Score::format))
                .cosineReward(mean(scores, Rewards.Score::cosine)).lengthReward(mean(scores, Rewards.Score::length))
                .accuracy(mean(scores, s -> s.correct() ? 1 : 0))
                .completionTokens(sampled.stream().mapToInt(c -> c.tokens().length).average().orElse(0))
                .completionChars(sampled.stream().mapToInt(c -> c.text().length()).average().orElse(0))
                .truncated(sampled.stream().filter(Completion::truncated).count() / (double) sampled.size())
                .groupsKept(groupsKept).kl(u.kl()).clipFraction(u.clip()).loss(u.loss()).lr(u.lr()).gradNorm(u.norm())
                .rolloutS((tr - ts) / 1e9).updateS((te - tr) / 1e9).elapsedS((te - t0) / 1e9).build();
    }

    /** The step's loss, KL, clip fraction, gradient norm and learning rate, as logged. */
    private record Update(double loss, double kl, double clip, double norm, double lr) {}

    /** The policy updates of one step on its rollouts (mu of them, or none when every group was filtered out). */
    private Update update(int step, Qwen2Model model, Qwen2Model ref, List<Qwen2Weights.Param> params, AdamW optimizer,
            LrSchedule schedule, List<List<Completion>> micros, double[] advantages, double[] seqWeights, int n) {
        List<float[]> old = mu() > 1 ? logprobs(model, micros) : null; // the sampling policy's, before any update
        List<float[]> refLogp = ref == null ? null : logprobs(ref, micros);
        GrpoLoss objective = new GrpoLoss(lossSettings.epsilon(), lossSettings.epsilonHigh(), lossSettings.beta());
        double loss = 0;
        double kl = 0;
        double clip = 0;
        double norm = 0;
        double lr = schedule.at(step * mu() + mu() - 1); // the step's last update's, logged even when there is none
        for (int it = 0; it < mu() && n > 0; it++) { // no group left after filtering: no update this step
            loss = 0;
            kl = 0;
            clip = 0;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                for (int b = 0; b < micros.size(); b++) {
                    List<Completion> micro = micros.get(b);
                    int first = b * settings.microBatch();
                    float[] adv = perToken(micro, i -> advantages[first + i]);
                    float[] w = perToken(micro, i -> seqWeights[first + i]);
                    try (NDManager scope = model.newScope()) {
                        NDArray logp = CompletionLogprobs.of(model, scope, micro, rollout.temperature());
                        NDArray oldLogp = old == null ? logp.stopGradient() : scope.create(old.get(b), new Shape(adv.length));
                        NDArray refArr = refLogp == null ? null : scope.create(refLogp.get(b), new Shape(adv.length));
                        GrpoLoss.Result r = objective.compute(scope, logp, oldLogp, refArr, adv, w);
                        collector.backward(r.loss());
                        loss += r.loss().getFloat();
                        kl += r.kl() * micro.size() / n;
                        clip += r.clipFraction() * micro.size() / n;
                    }
                }
            }
            norm = GradClip.clip(params, settings.maxGradNorm());
            optimizer.step(schedule.at(step * mu() + it));
            optimizer.zeroGradients();
        }
        return new Update(loss, kl, clip, norm, lr);
    }

    private int mu() {
        return lossSettings.numIterations();
    }

    /** The prompts of step {@code step}: passes over the data, each in an order shuffled from the seed and the pass. */
    List<ProblemSet.Problem> promptsOf(int step) {
        List<ProblemSet.Problem> out = new ArrayList<>(settings.promptsPerStep());
        long first = (long) step * settings.promptsPerStep();
        for (long k = first; k < first + settings.promptsPerStep(); k++) {
            int pass = (int) (k / problems.size());
            out.add(problems.get(order(pass).get((int) (k % problems.size()))));
        }
        return out;
    }

    private List<Integer> cachedOrder;
    private int cachedPass = -1;

    private List<Integer> order(int pass) {
        if (pass != cachedPass) {
            cachedOrder = BatchOrder.shuffled(problems.size(), settings.seed(), pass);
            cachedPass = pass;
        }
        return cachedOrder;
    }

    /** Log-probabilities of each micro-batch's completion tokens, without gradients. */
    private List<float[]> logprobs(Qwen2Model m, List<List<Completion>> micros) {
        List<float[]> out = new ArrayList<>();
        try (NoGrad ignored = NoGrad.enter()) {
            for (List<Completion> micro : micros) {
                try (NDManager scope = m.newScope()) {
                    out.add(CompletionLogprobs.of(m, scope, micro, rollout.temperature()).toFloatArray());
                }
            }
        }
        return out;
    }

    private static float[] perToken(List<Completion> micro, java.util.function.IntToDoubleFunction perSequence) {
        float[] out = new float[micro.stream().mapToInt(c -> c.tokens().length).sum()];
        int k = 0;
        for (int i = 0; i < micro.size(); i++) {
            float v = (float) perSequence.applyAsDouble(i);
            for (int j = 0; j < micro.get(i).tokens().length; j++) {
                out[k++] = v;
            }
        }
        return out;
    }

    private static double mean(List<Rewards.Score> scores, java.util.function.ToDoubleFunction<Rewards.Score> f) {
        return scores.stream().mapToDouble(f).average().orElse(0);
    }
}
