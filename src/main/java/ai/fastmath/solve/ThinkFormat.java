package ai.fastmath.solve;

/**
 * The paper's answer format: a {@code \boxed{}} closed before the model ends its thinking, so that a
 * sample stopped at {@code </think>} still carries its answer. The GRPO format reward pays for it and
 * the sweep reports how often a model writes it.
 *
 * <p>The paper's regular expression ({@code ^.*?oxed{(.*?)}.*?</think>.*?$}, across lines) backtracks:
 * on a long text with no {@code </think>} after the box its cost grows with the cube of the length
 * (10,000 characters took seconds). The same language is decided here in one pass: the first
 * {@code oxed{}, the first {@code }} after it, then a {@code </think>} after that brace (taking the
 * earliest of each leaves the most room for the next).
 */
public final class ThinkFormat {

    private static final String BOX = "oxed{";
    private static final String THINK_END = "</think>";

    private ThinkFormat() {}

    /** Whether the text closes a box before a later {@code </think>}. */
    public static boolean boxedBeforeThinkEnd(String text) {
        int box = text.indexOf(BOX);
        if (box < 0) {
            return false;
        }
        int close = text.indexOf('}', box + BOX.length());
        return close >= 0 && text.indexOf(THINK_END, close + 1) >= 0;
    }
}
