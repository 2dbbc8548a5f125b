package ai.fastmath.training.grpo;

import ai.fastmath.solve.ThinkFormat;

/**
 * 1 when the completion boxes an answer before it closes its thinking, else 0: the paper's format
 * reward ({@code ^.*?oxed{(.*?)}.*?</think>.*?$}, matched across lines, decided in one pass by
 * {@link ThinkFormat}). A model that earns it can be stopped at {@code </think>} and still give its answer.
 */
public final class FormatReward {

    private FormatReward() {}

    public static double of(String completion) {
        return ThinkFormat.boxedBeforeThinkEnd(completion) ? 1.0 : 0.0;
    }
}
