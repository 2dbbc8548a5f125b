package ai.fastmath.training.grpo;

/**
 * One GRPO step, as written to {@code metrics.jsonl}: the rollouts' rewards (unweighted means), accuracy
 * and lengths, then the update.
 *
 * @param reward mean weighted total reward
 * @param accuracy share of completions whose boxed answer is correct
 * @param completionTokens mean completion length in tokens
 * @param truncated share of completions cut at the length limit
 * @param groupsKept share of the step's groups the update learned from (the rest were filtered out)
 * @param kl mean KL estimate to the reference over the updated completions' tokens (last iteration);
 *     like {@code clipFraction}, {@code loss} and {@code gradNorm}, 0 on a step that dropped every group
 * @param clipFraction share of tokens whose ratio was clipped (last iteration)
 * @param rolloutS seconds spent sampling
 * @param updateS seconds spent on log-probabilities and optimizer updates
 */
public record GrpoStepMetrics(int step, int totalSteps, double reward, double formatReward, double cosineReward,
        double lengthReward, double accuracy, double completionTokens, double completionChars, double truncated,
        double groupsKept, double kl, double clipFraction, double loss, double lr, double gradNorm, double rolloutS,
        double updateS, double elapsedS) {

    /** Settings by name, for call sites that would otherwise pass a row of unlabelled values. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link GrpoStepMetrics}; what is not set keeps the default shown. */
    public static final class Builder {
        private int step;
        private int totalSteps;
        private double reward;
        private double formatReward;
        private double cosineReward;
        private double lengthReward;
        private double accuracy;
        private double completionTokens;
        private double completionChars;
        private double truncated;
        private double groupsKept;
        private double kl;
        private double clipFraction;
        private double loss;
        private double lr;
        private double gradNorm;
        private double rolloutS;
        private double updateS;
        private double elapsedS;

        private Builder() {}

        public Builder step(int v) {
            step = v;
            return this;
        }

        public Builder totalSteps(int v) {
            totalSteps = v;
            return this;
        }

        public Builder reward(double v) {
            reward = v;
            return this;
        }

        public Builder formatReward(double v) {
            formatReward = v;
            return this;
        }

        public Builder cosineReward(double v) {
            cosineReward = v;
            return this;
        }

        public Builder lengthReward(double v) {
            lengthReward = v;
            return this;
        }

        public Builder accuracy(double v) {
            accuracy = v;
            return this;
        }

        public Builder completionTokens(double v) {
            completionTokens = v;
            return this;
        }

        public Builder completionChars(double v) {
            completionChars = v;
            return this;
        }

        public Builder truncated(double v) {
            truncated = v;
            return this;
        }

        public Builder groupsKept(double v) {
            groupsKept = v;
            return this;
        }

        public Builder kl(double v) {
            kl = v;
            return this;
        }

        public Builder clipFraction(double v) {
            clipFraction = v;
            return this;
        }

        public Builder loss(double v) {
            loss = v;
            return this;
        }

        public Builder lr(double v) {
            lr = v;
            return this;
        }

        public Builder gradNorm(double v) {
            gradNorm = v;
            return this;
        }

        public Builder rolloutS(double v) {
            rolloutS = v;
            return this;
        }

        public Builder updateS(double v) {
            updateS = v;
            return this;
        }

        public Builder elapsedS(double v) {
            elapsedS = v;
            return this;
        }

        public GrpoStepMetrics build() {
            return new GrpoStepMetrics(step, totalSteps, reward, formatReward, cosineReward, lengthReward, accuracy,
                    completionTokens, completionChars, truncated, groupsKept, kl, clipFraction, loss, lr, gradNorm,
                    rolloutS, updateS, elapsedS);
        }
    }
}
