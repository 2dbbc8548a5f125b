package ai.fastmath.api.openai;

import ai.fastmath.api.LoadedModel;
import ai.fastmath.engine.SamplingParams;
import java.util.List;

/**
 * A checked OpenAI request, ready for the engine: one engine request per prompt, each with n
 * choices; choice {@code p * n + i} is sequence i of prompt p.
 *
 * @param model the checkpoint it runs on (a refresh lets it finish there)
 * @param prompts token ids of each prompt
 * @param includeUsage stream a last chunk with the usage
 */
record Generation(LoadedModel model, List<int[]> prompts, SamplingParams params, boolean stream, boolean includeUsage) {

    int promptTokens() {
        return prompts.stream().mapToInt(p -> p.length).sum();
    }
}
