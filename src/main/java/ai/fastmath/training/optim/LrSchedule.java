package ai.fastmath.training.optim;

/**
 * Linear warmup, then cosine decay (Hugging Face's {@code get_cosine_schedule_with_warmup}, with an
 * optional floor): the learning rate rises from 0 to {@code peak} over {@code warmupSteps}, then
 * follows half a cosine down to {@code peak * minRatio} at {@code totalSteps}.
 */
public record LrSchedule(double peak, int warmupSteps, int totalSteps, double minRatio) {

    public LrSchedule {
        if (!(peak > 0) || warmupSteps < 0 || totalSteps < 1 || minRatio < 0 || minRatio > 1) {
            throw new IllegalArgumentException("bad schedule: peak " + peak + ", warmup " + warmupSteps + ", total "
                    + totalSteps + ", min ratio " + minRatio);
        }
    }

    /** The learning rate of optimizer step {@code step} (0-based). */
    public double at(int step) {
        if (step < warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        double progress = Math.min(1.0, (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps));
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return peak * (minRatio + (1 - minRatio) * cosine);
    }
}
