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

    /** How a verdict was reached. */
    public enum Method {
        /** The canonical forms are the same text. */
        EXACT,
        /** Both are numbers, compared by exact value. */
        NUMERIC,
        /** Decided by the computer algebra system ({@link SymbolicEquality}), element by element for lists. */
        SYMBOLIC,
        /** The CAS ran out of time: not equal. */
        TIMEOUT,
        /** A side has no answer, or is not an expression the CAS reads: not equal. */
        UNPARSABLE;

        /** The lower-case name used in JSON. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A graded prediction: whether it is correct, the canonical gold and predicted answers (null where
     * there is none: an empty or cut-off prediction, a non-integer in AIMO mode), and how it was decided.
     */
    public record Verdict(boolean correct, String goldAnswer, String predAnswer, Method method) {}

    private final AnswerExtractor extractor;
    private final Mode mode;
    private final AnswerExtractor.Extraction extraction;
    private final SymbolicEquality cas;

    /** A checker that reads predictions with {@link AnswerExtractor.Extraction#BOXED}. */
    public AnswerChecker(AnswerExtractor extractor, Mode mode) {
        this(extractor, mode, AnswerExtractor.Extraction.BOXED, SymbolicEquality.shared());
    }

    /**
     * @param extraction how {@link #grade} finds the answer of a prediction without a box
     * @param cas where answers whose canonical forms differ are compared symbolically
     */
    public AnswerChecker(AnswerExtractor extractor, Mode mode, AnswerExtractor.Extraction extraction, SymbolicEquality cas) {
        this.extractor = extractor;
        this.mode = mode;
        this.extraction = extraction;
        this.cas = cas;
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
     * non-empty box (none when the box is cut off); one without is read as this checker's
     * {@link AnswerExtractor.Extraction} says (by default: as an answer as a whole, see
     * {@link AnswerExtractor#answerOrWhole} for the last-number fallback). Correct when both canonical
     * forms exist and {@link #decide} finds them the same.
     */
    public Verdict grade(String gold, String pred) {
        String g = gold == null ? null : canonical(gold).orElse(null);
        Optional<String> raw = extraction == AnswerExtractor.Extraction.BOXED ? extractor.answerOrWhole(pred)
                : extractor.find(pred, extraction);
        String p = raw.flatMap(this::canonical).orElse(null);
        Decision d = decide(g, p);
        return new Verdict(d.same(), g, p, d.method());
    }

    /** Whether a solution's answer matches a gold answer. */
    public boolean correct(String solution, String gold) {
        Optional<String> a = answer(solution);
        Optional<String> g = canonical(gold);
        return a.isPresent() && g.isPresent() && decide(g.get(), a.get()).same();
    }

    /** A gold answer in canonical form; empty when there is none or it has no canonical form. */
    public Optional<String> gold(String raw) {
        return raw == null ? Optional.empty() : canonical(raw);
    }

    /** Whether a canonical answer (null: none) is the canonical gold answer ({@link #gold}). */
    public boolean matches(Optional<String> gold, String answer) {
        return answer != null && gold.isPresent() && same(gold.get(), answer);
    }

    /** Whether two canonical answers are the same answer (see {@link #decide}). */
    public boolean same(String a, String b) {
        return decide(a, b).same();
    }

    /** Whether two canonical answers are the same, and how that was decided. */
    public record Decision(boolean same, Method method) {}

    /**
     * Compares two canonical answers, cheapest first: the same text; numbers by exact value; lists (sets
     * order-free, tuples and intervals in order), equations and everything else with the CAS. AIMO
     * answers are integers: equal or not.
     */
    public Decision decide(String a, String b) {
        if (a == null || b == null) {
            return new Decision(false, Method.UNPARSABLE);
        }
        if (mode == Mode.AIMO) {
            return new Decision(a.equals(b), Method.NUMERIC);
        }
        return AnswerEquivalence.decide(a, b, cas);
    }
}
