package ai.fastmath.training.grpo;

/**
 * 1 when the completion boxes an answer before it closes its thinking, else 0: the paper's format
 * reward ({@code ^.*?oxed{(.*?)}.*?</think>.*?$}, matched across lines). A model that earns it can be
 * stopped at {@code </think>} and still give its answer.
 *
 * <p>The regular expression backtracks: on a long completion with no {@code </think>} after the box
 * its cost grows with the cube of the length (10,000 characters took seconds). The same language is
 * decided here in one pass: the first {@code oxed{}, the first {@code }} after it, then a
 * {@code </think>} after that brace (taking the earliest of each leaves the most room for the next).
 */
public final class FormatReward {

    private static final String BOX = "oxed{";
    private static final String THINK_END = "</think>";

    private FormatReward() {}

    public static double of(String completion) {
        int box = completion.indexOf(BOX);
        if (box < 0) {
            return 0.0;
        }
        int close = completion.indexOf('}', box + BOX.length());
        return close >= 0 && completion.indexOf(THINK_END, close + 1) >= 0 ? 1.0 : 0.0;
    }
}
