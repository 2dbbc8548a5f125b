package ai.fastmath.training.grpo;

import ai.fastmath.solve.AnswerChecker;
import java.util.ArrayList;
import java.util.List;

/** Scores a step's completions with the weighted stage-2 rewards; correctness through the project's one answer checker. */
public final class Rewards {

    /** One completion's rewards, unweighted, and the weighted total. */
    public record Score(boolean correct, double format, double cosine, double length, double total) {}

    private final RewardSettings settings;
    private final AnswerChecker checker;

    public Rewards(RewardSettings settings, AnswerChecker checker) {
        this.settings = settings;
        this.checker = checker;
    }

    /**
     * @param completions the step's completions, group after group
     * @param answers the gold answer of each group
     */
    public List<Score> score(List<Completion> completions, List<String> answers) {
        int n = completions.size();
        boolean[] correct = new boolean[n];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            Completion c = completions.get(i);
            correct[i] = checker.correct(c.text(), answers.get(c.group()));
            lengths[i] = c.length(settings.lengthUnit());
        }
        double[] length = new double[n];
        if (settings.lengthScope() == RewardSettings.Scope.BATCH) {
            length = LengthReward.of(lengths, correct);
        } else {
            for (int from = 0; from < n; ) {
                int to = from;
                while (to < n && completions.get(to).group() == completions.get(from).group()) {
                    to++;
                }
                double[] g = LengthReward.of(java.util.Arrays.copyOfRange(lengths, from, to),
                        java.util.Arrays.copyOfRange(correct, from, to));
                System.arraycopy(g, 0, length, from, g.length);
                from = to;
            }
        }
        List<Score> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double format = FormatReward.of(completions.get(i).text());
            double cosine = settings.cosine().of(correct[i], lengths[i]);
            double total = settings.formatWeight() * format + settings.cosineWeight() * cosine
                    + settings.lengthWeight() * length[i];
            out.add(new Score(correct[i], format, cosine, length[i], total));
        }
        return out;
    }
}
