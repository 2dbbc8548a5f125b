package ai.fastmath.training.sft;

import ai.fastmath.io.Charts;
import java.nio.file.Path;
import java.util.List;

/** {@code training_curves.png}: loss, learning rate and gradient norm against the step. */
final class TrainingPlots {

    private TrainingPlots() {}

    static void write(Path dir, List<StepMetrics> steps) {
        if (steps.isEmpty()) {
            return;
        }
        double[] x = steps.stream().mapToDouble(StepMetrics::step).toArray();
        Charts.write(dir.resolve("training_curves.png"), "SFT", "optimizer step", List.of(
                new Charts.Panel("loss", List.of(new Charts.Series("loss", x,
                        steps.stream().mapToDouble(StepMetrics::loss).toArray()))),
                new Charts.Panel("learning rate", List.of(new Charts.Series("lr", x,
                        steps.stream().mapToDouble(StepMetrics::lr).toArray()))),
                new Charts.Panel("grad norm", List.of(new Charts.Series("grad norm (before clipping)", x,
                        steps.stream().mapToDouble(StepMetrics::gradNorm).toArray())))));
    }
}
