package ai.fastmath.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A {@code POST /v1/chat/completions} body. The messages go through the model's chat template with
 * the generation prompt added.
 *
 * @param maxTokens tokens per choice; absent: what the context leaves, up to the service's default
 * @param maxCompletionTokens OpenAI's newer name for max_tokens
 * @param topLogprobs only absent or 0
 */
public record ChatCompletionBody(
        String model,
        List<Message> messages,
        Integer maxTokens,
        Integer maxCompletionTokens,
        Integer n,
        Double temperature,
        Double topP,
        Integer topK,
        Double minP,
        Long seed,
        JsonNode stop,
        Boolean stream,
        StreamOptions streamOptions,
        Double presencePenalty,
        Double frequencyPenalty,
        Map<String, Double> logitBias,
        JsonNode logprobs,
        Integer topLogprobs,
        String user) implements SamplingFields {

    /**
     * One message.
     *
     * @param content a string, or an array of {@code {"type": "text", "text": ...}} parts
     */
    public record Message(String role, JsonNode content, String name) {}
}
