package ai.fastmath.eval;

import java.util.List;

/**
 * {@code summary.json}.
 *
 * @param problems problems in the set
 * @param reached problems shown before time ran out
 * @param answered problems whose vote produced an answer
 * @param correct correct answers; null without gold answers
 * @param accuracy correct / problems; null without gold answers
 * @param meanOutputTokens generated tokens per started sample, over reached problems
 * @param meanTokensPerProblem generated tokens per reached problem
 * @param timeUsedS time used, across restarts
 * @param timeLimitS the limit
 * @param policy the time policy
 * @param solver where the answers came from
 * @param seed the serving order's seed
 */
public record EvalSummary(int problems, int reached, int answered, Integer correct, Double accuracy,
        double meanOutputTokens, double meanTokensPerProblem, double timeUsedS, double timeLimitS, String policy,
        String solver, long seed) {

    static EvalSummary of(List<ProblemResult> rows, double timeUsedS, double timeLimitS, String policy, String solver,
            long seed) {
        List<ProblemResult> reached = rows.stream().filter(ProblemResult::reached).toList();
        boolean graded = rows.stream().anyMatch(r -> r.gold() != null);
        Integer correct = graded ? (int) rows.stream().filter(r -> Boolean.TRUE.equals(r.correct())).count() : null;
        long tokens = reached.stream().mapToLong(ProblemResult::tokens).sum();
        long started = reached.stream().mapToLong(ProblemResult::started).sum();
        return new EvalSummary(rows.size(), reached.size(), (int) reached.stream().filter(r -> r.voted() != null).count(),
                correct, correct == null ? null : correct / (double) rows.size(),
                started == 0 ? 0 : tokens / (double) started, reached.isEmpty() ? 0 : tokens / (double) reached.size(),
                timeUsedS, timeLimitS, policy, solver, seed);
    }
}
