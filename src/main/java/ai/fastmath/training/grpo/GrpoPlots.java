package ai.fastmath.training.grpo;

import ai.fastmath.io.Charts;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code training_curves.png} of a GRPO run: rewards, accuracy (and the share of groups learned from),
 * completion length and KL per step.
 */
final class GrpoPlots {

    private GrpoPlots() {}

    static void write(Path dir, List<GrpoStepMetrics> steps) {
        if (steps.isEmpty()) {
            return;
        }
        double[] x = steps.stream().mapToDouble(GrpoStepMetrics::step).toArray();
        Charts.write(dir.resolve("training_curves.png"), "GRPO", "step", List.of(
                new Charts.Panel("reward", List.of(series("total", x, steps, GrpoStepMetrics::reward),
                        series("format", x, steps, GrpoStepMetrics::formatReward),
                        series("cosine", x, steps, GrpoStepMetrics::cosineReward),
                        series("length", x, steps, GrpoStepMetrics::lengthReward))),
                new Charts.Panel("accuracy %", List.of(series("correct", x, steps, m -> 100 * m.accuracy()),
                        series("groups learned from", x, steps, m -> 100 * m.groupsKept()))),
                new Charts.Panel("completion tokens", List.of(series("mean", x, steps, GrpoStepMetrics::completionTokens))),
                new Charts.Panel("KL to reference", List.of(series("kl", x, steps, GrpoStepMetrics::kl)))));
    }

    private static Charts.Series series(String name, double[] x, List<GrpoStepMetrics> steps, ToDoubleFunction<GrpoStepMetrics> f) {
        return new Charts.Series(name, x, steps.stream().mapToDouble(f).toArray());
    }
}
