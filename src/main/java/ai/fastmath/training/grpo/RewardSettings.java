package ai.fastmath.training.grpo;

/**
 * The stage-2 rewards and their weights (the paper: format, cosine and length, each weight 1).
 *
 * @param formatWeight weight of {@link FormatReward}
 * @param cosineWeight weight of {@link CosineReward}
 * @param lengthWeight weight of {@link LengthReward}
 * @param cosine the cosine reward's values and max length
 * @param lengthScope over which completions the length reward compares lengths
 * @param lengthUnit how length is measured for the cosine and length rewards
 */
public record RewardSettings(double formatWeight, double cosineWeight, double lengthWeight, CosineReward cosine,
        Scope lengthScope, Unit lengthUnit) {

    /** The length reward's comparison set: one prompt's completions, or the whole step's (the paper's code). */
    public enum Scope { GROUP, BATCH }

    /** Characters of the completion text (the paper's code) or its tokens. */
    public enum Unit { CHARS, TOKENS }

    public RewardSettings {
        if (cosine == null) {
            cosine = CosineReward.defaults(1000);
        }
        if (lengthScope == null) {
            lengthScope = Scope.GROUP;
        }
        if (lengthUnit == null) {
            lengthUnit = Unit.CHARS;
        }
    }

    /** The paper's rewards, each weighted 1. */
    public static RewardSettings paper(int maxLen) {
        return new RewardSettings(1, 1, 1, CosineReward.defaults(maxLen), Scope.GROUP, Unit.CHARS);
    }
}
