package ai.fastmath.solve;

import java.util.Optional;

/**
 * The one answer checker of the project: the vote, the evaluator and the GRPO correctness reward all
 * decide "is this the same answer" here.
 */
public final class AnswerChecker {

    /** How answers are compared. */
    public enum Mode {
        /** Canonical forms must be equal (numbers by value). */
        EXACT,
        /** AIMO: both must map to the same integer 0..999. */
        AIMO
    }

    /**
     * A graded prediction: whether it is correct, and the canonical gold and predicted answers (null
     * where there is none: an empty or cut-off prediction, a non-integer in AIMO mode).
     */
    public record Verdict(boolean correct, String goldAnswer, String predAnswer) {}

    private final AnswerExtractor extractor;
    private final Mode mode;

    public AnswerChecker(AnswerExtractor extractor, Mode mode) {
        this.extractor = extractor;
        this.mode = mode;
    }

    /** How this checker compares answers. */
    public Mode mode() {
        return mode;
    }

    /** Boxed answers compared by canonical form. */
    public static AnswerChecker exact() {
        return new AnswerChecker(AnswerExtractor.boxed(), Mode.EXACT);
    }

    /** Boxed answers compared as AIMO integers. */
    public static AnswerChecker aimo() {
        return new AnswerChecker(AnswerExtractor.boxed(), Mode.AIMO);
    }

    /** The answer a solution text gives, in this checker's canonical form; empty for no answer. */
    public Optional<String> answer(String solution) {
        return extractor.extract(solution).flatMap(this::canonical);
    }

    /** The canonical form of an answer already extracted (a gold answer, a vote key). */
    public Optional<String> canonical(String raw) {
        if (mode == Mode.AIMO) {
            return AnswerNormalizer.aimo(raw).map(String::valueOf);
        }
        String n = AnswerNormalizer.normalize(raw);
        return n.isEmpty() ? Optional.empty() : Optional.of(n);
    }

    /**
     * The grading rule for a gold answer and a prediction that is either a model's raw output or an
     * answer already extracted: a prediction with a {@code \boxed}/{@code \fbox} answers with its last
     * non-empty box (none when the box is cut off), one without is an answer as a whole (see
     * {@link AnswerExtractor#answerOrWhole} for the last-number fallback). Correct when both canonical
     * forms exist and are equal.
     */
    public Verdict grade(String gold, String pred) {
        String g = gold == null ? null : canonical(gold).orElse(null);
        String p = extractor.answerOrWhole(pred).flatMap(this::canonical).orElse(null);
        return new Verdict(g != null && g.equals(p), g, p);
    }

    /** Whether a solution's answer matches a gold answer. */
    public boolean correct(String solution, String gold) {
        Optional<String> a = answer(solution);
        Optional<String> g = canonical(gold);
        return a.isPresent() && a.equals(g);
    }
}
