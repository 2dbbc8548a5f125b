package ai.fastmath.cli;

import ai.fastmath.solve.AnswerChecker;
import ai.fastmath.solve.AnswerExtractor;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.StopRule;
import java.util.Locale;

/** The request template the eval commands solve every problem with. */
final class EvalRequests {

    private EvalRequests() {}

    static SolveRequest template(String systemPrompt, int n, double temperature, double topP, double minP, int maxTokens,
            String rule, String answerMode) {
        AnswerChecker.Mode mode;
        try {
            mode = AnswerChecker.Mode.valueOf(answerMode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--answer-mode: aimo or exact, got '" + answerMode + "'");
        }
        return new SolveRequest("(each problem)", systemPrompt, n, temperature, topP, minP, maxTokens, 0, null,
                StopRule.parse(rule), null, false, mode, AnswerExtractor.Fallback.NONE);
    }
}
