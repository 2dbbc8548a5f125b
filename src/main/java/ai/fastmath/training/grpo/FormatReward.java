package ai.fastmath.training.grpo;

import java.util.regex.Pattern;

/**
 * 1 when the completion boxes an answer before it closes its thinking, else 0: the paper's format
 * reward ({@code ^.*?oxed{(.*?)}.*?</think>.*?$}, matched across lines). A model that earns it can be
 * stopped at {@code </think>} and still give its answer.
 */
public final class FormatReward {

    private static final Pattern BOXED_BEFORE_THINK_END = Pattern.compile("^.*?oxed\\{(.*?)\\}.*?</think>.*?$", Pattern.DOTALL);

    private FormatReward() {}

    public static double of(String completion) {
        return BOXED_BEFORE_THINK_END.matcher(completion).matches() ? 1.0 : 0.0;
    }
}
