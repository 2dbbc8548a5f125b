package ai.fastmath.cli;

import ai.fastmath.solve.AnswerChecker;
import ai.fastmath.solve.SolveRequest;
import ai.fastmath.solve.StopRule;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The recipe's sampling (temperature 1.0, top_p 0.9, min_p 0.05) and system prompt, for the eval commands. */
public class SamplingOptions {

    @Option(names = "--temperature", defaultValue = "1.0", description = "(default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--top-p", defaultValue = "0.9", description = "(default: ${DEFAULT-VALUE})")
    double topP;

    @Option(names = "--min-p", defaultValue = "0.05", description = "(default: ${DEFAULT-VALUE})")
    double minP;

    @Option(names = "--system-prompt", description = {"A system turn before each problem (default: none; the model's chat",
        "template decides, as the model was trained)."})
    String systemPrompt;

    /** The request every problem is solved with (the problem, and per problem N and deadline, replaced). */
    SolveRequest template(int n, int maxTokens, String rule, String answerMode) {
        AnswerChecker.Mode mode;
        try {
            mode = AnswerChecker.Mode.valueOf(answerMode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--answer-mode: aimo or exact, got '" + answerMode + "'");
        }
        return SolveRequest.builder("(each problem)").systemPrompt(systemPrompt).samples(n).temperature(temperature)
                .topP(topP).minP(minP).maxTokensPerSample(maxTokens).rule(StopRule.parse(rule)).answerMode(mode).build();
    }
}
