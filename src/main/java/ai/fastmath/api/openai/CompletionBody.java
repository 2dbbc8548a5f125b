package ai.fastmath.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A {@code POST /v1/completions} body (OpenAI's legacy completions API, as vLLM serves it).
 *
 * @param prompt a string, an array of strings, an array of token ids or an array of such arrays
 * @param maxTokens tokens per choice (OpenAI's default 16)
 * @param echo only false: the prompt is not repeated in the output
 * @param suffix only absent
 * @param bestOf absent or equal to n
 */
public record CompletionBody(
        String model,
        JsonNode prompt,
        Integer maxTokens,
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
        String user,
        Boolean echo,
        String suffix,
        Integer bestOf) implements SamplingFields {}
