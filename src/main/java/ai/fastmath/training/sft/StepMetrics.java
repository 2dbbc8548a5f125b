package ai.fastmath.training.sft;

/**
 * One optimizer step, as written to {@code metrics.jsonl}.
 *
 * @param loss mean next-token loss over the step's reply tokens
 * @param gradNorm the global gradient norm before clipping
 * @param tokens tokens run (prompt and reply)
 * @param tokensPerS tokens run per second in this step
 */
public record StepMetrics(int step, int totalSteps, double epoch, double loss, double lr, double gradNorm, long tokens,
        double tokensPerS, double elapsedS) {}
