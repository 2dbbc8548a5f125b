package ai.fastmath.cli;

import ai.fastmath.eval.ProblemSet;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.model.tokenizer.TextTokenizer;
import ai.fastmath.training.HfCheckpoint;
import ai.fastmath.training.grpo.GrpoConfig;
import ai.fastmath.training.grpo.GrpoStepMetrics;
import ai.fastmath.training.grpo.GrpoTrainer;
import ai.fastmath.training.grpo.RolloutSampler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train grpo --config FILE}: stage 2, GRPO for shorter solutions. */
@Command(name = "grpo", mixinStandardHelpOptions = true,
        description = {"GRPO from a YAML recipe (training/grpo-*.yaml): rollouts from the engine, format, cosine and length",
            "rewards, a KL penalty to the starting model. Rerun the same command to resume from the newest checkpoint."})
public class TrainGrpoCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "The recipe (YAML).")
    Path config;

    @Option(names = "--steps", description = "Train this many steps instead of the recipe's (the schedule spans them).")
    Integer steps;

    @Option(names = "--output-dir", description = "Write checkpoints, metrics and plots here instead of the recipe's output_dir.")
    Path outputDir;

    @Override
    public void run() {
        GrpoConfig c = GrpoConfig.load(config).override(steps, outputDir);
        TensorRuntime runtime = TensorRuntime.of(c.device(), "float32");
        PrintWriter console = spec.commandLine().getOut();
        List<ProblemSet.Problem> problems = ProblemSet.load(c.data().train());
        if (c.data().limit() > 0 && problems.size() > c.data().limit()) {
            problems = problems.subList(0, c.data().limit());
        }
        try (TextTokenizer tokenizer = TextTokenizer.load(c.tokenizer())) {
            GrpoTrainer trainer = new GrpoTrainer(c.training(), c.rollout(), c.rewards(), c.loss(), problems,
                    new RolloutSampler(tokenizer, c.data().systemPrompt(), c.rollout()), c.outputDir(), c.tokenizer(),
                    HfCheckpoint.GenerationDefaults.stageTwo(c.maxNewTokens()));
            console.printf("grpo: %d prompts, %d steps of %d prompts x %d generations, output %s%n", problems.size(),
                    c.training().steps(), c.training().promptsPerStep(), c.rollout().numGenerations(), c.outputDir());
            console.flush();
            ProgressBar bar = ProgressBars.of("grpo", c.training().steps());
            try (Qwen2Model trained = trainer.train(() -> Qwen2Model.loadTrainable(c.model().checkpoint(), runtime),
                    () -> Qwen2Model.load(c.reference(), runtime), runtime, (GrpoStepMetrics m) -> {
                        bar.stepTo(m.step());
                        bar.setExtraMessage(String.format("reward %.3f acc %.0f%% len %.0f kl %.4f", m.reward(),
                                100 * m.accuracy(), m.completionTokens(), m.kl()));
                    })) {
                console.printf("wrote %s (checkpoint, metrics.jsonl, training_curves.png)%n", c.outputDir());
            } finally {
                bar.close();
            }
            console.flush();
        }
    }
}
