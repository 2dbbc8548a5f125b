package ai.fastmath.cli;

import ai.fastmath.eval.ProblemSet;
import ai.fastmath.model.MemoryTensors;
import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.RandomInit;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.model.tokenizer.TextTokenizer;
import ai.fastmath.training.HfCheckpoint;
import ai.fastmath.training.sft.EpochEvaluator;
import ai.fastmath.training.sft.SftConfig;
import ai.fastmath.training.sft.SftData;
import ai.fastmath.training.sft.SftExample;
import ai.fastmath.training.sft.SftTrainer;
import ai.fastmath.training.sft.StepMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train sft --config FILE}: stage 1, supervised fine-tuning. */
@Command(name = "sft", mixinStandardHelpOptions = true,
        description = {"Supervised fine-tuning from a YAML recipe (training/sft-*.yaml). Rerun the same command to resume",
            "from the newest checkpoint; the run ends with the same parameters as one never interrupted."})
public class TrainSftCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The recipe (YAML).")
    Path config;

    @Option(names = "--epochs", description = "Train this many epochs instead of the recipe's (the schedule spans them).")
    Integer epochs;

    @Option(names = "--output-dir", description = "Write checkpoints, metrics and plots here instead of the recipe's output_dir.")
    Path outputDir;

    @Override
    public void run() {
        SftConfig c = SftConfig.load(config).override(epochs, outputDir);
        TensorRuntime runtime = TensorRuntime.of(c.device(), "float32"); // training keeps float32 weights and moments
        PrintWriter console = spec.commandLine().getOut();
        try (TextTokenizer tokenizer = TextTokenizer.load(c.tokenizer())) {
            List<SftExample> examples = SftData.render(SftData.read(c.data().train(), c.data().selection()), tokenizer,
                    c.data().systemPrompt());
            SftTrainer trainer = new SftTrainer(c.training(), examples, c.outputDir(), c.tokenizer(),
                    HfCheckpoint.GenerationDefaults.stageOne(c.eval() == null ? 1024 : c.eval().maxTokens()));
            EpochEvaluator evaluator = evaluator(c, tokenizer);
            console.printf("sft: %d examples, %d steps (%d per epoch), output %s%n", examples.size(),
                    trainer.totalSteps(), trainer.stepsPerEpoch(), c.outputDir());
            console.flush();
            ProgressBar bar = ProgressBars.of("sft", trainer.totalSteps());
            try (Qwen2Model trained = trainer.train(init(c, tokenizer, runtime), runtime, new SftTrainer.Listener() {
                @Override
                public void step(StepMetrics m) {
                    bar.stepTo(m.step());
                    bar.setExtraMessage(String.format("loss %.4f lr %.2e |g| %.2f %.0f tok/s", m.loss(), m.lr(), m.gradNorm(),
                            m.tokensPerS()));
                }

                @Override
                public void epochEnd(int epoch, Qwen2Model model) {
                    if (evaluator != null) {
                        EpochEvaluator.Result r = evaluator.evaluate(epoch, model);
                        console.printf("%nepoch %d: pass@1 %.1f%% (avg of %d), maj@%d %.1f%%, %.0f output tokens (%.0f s)%n",
                                epoch, 100 * r.passAt1(), r.k(), r.k(), 100 * r.majAtK(), r.meanOutputTokens(), r.seconds());
                        console.flush();
                    }
                }
            })) {
                console.printf("wrote %s (checkpoint, metrics.jsonl, training_curves.png%s)%n", c.outputDir(),
                        evaluator == null ? "" : ", eval.jsonl, eval_curve.png");
            } finally {
                bar.close();
            }
            console.flush();
        }
    }

    private static EpochEvaluator evaluator(SftConfig c, TextTokenizer tokenizer) {
        if (c.eval() == null || c.data().val() == null) {
            return null;
        }
        List<ProblemSet.Problem> problems = SftData.read(c.data().val(), c.eval().problems()).stream()
                .map(r -> new ProblemSet.Problem(r.id(), r.problem(), r.answer())).toList();
        return new EpochEvaluator(problems, tokenizer, c.data().systemPrompt(), c.eval().samples(), c.eval().maxTokens(),
                c.outputDir());
    }

    private static Supplier<Qwen2Model> init(SftConfig c, TextTokenizer tokenizer, TensorRuntime runtime) {
        SftConfig.Model m = c.model();
        if (m.checkpoint() != null) {
            return () -> Qwen2Model.loadTrainable(m.checkpoint(), runtime);
        }
        int eos = tokenizer.eosId();
        ModelConfig mc = ModelConfig.builder().vocabSize(m.vocabSize()).hiddenSize(m.hiddenSize())
                .intermediateSize(m.intermediateSize()).numLayers(m.numLayers()).numHeads(m.numHeads())
                .numKvHeads(m.numKvHeads()).maxPositionEmbeddings(m.maxPositionEmbeddings()).bosTokenId(eos)
                .eosTokenIds(List.of(eos)).build();
        return () -> Qwen2Model.buildTrainable(mc, new MemoryTensors(RandomInit.tensors(mc, m.initSeed(), m.initStd())),
                runtime);
    }
}
