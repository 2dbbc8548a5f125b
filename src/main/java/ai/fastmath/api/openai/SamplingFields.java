package ai.fastmath.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The sampling fields {@code /v1/completions} and {@code /v1/chat/completions} share, with OpenAI's
 * names and vLLM's extras ({@code top_k}, {@code min_p}). Fields OpenAI defines that FastMath does not
 * implement (penalties, logit bias, logprobs) are read so that a non-default value is refused with a
 * clear error instead of being silently ignored.
 */
interface SamplingFields {

    String model();

    Integer n();

    Double temperature();

    Double topP();

    Integer topK();

    Double minP();

    Long seed();

    /** A string or an array of strings. */
    JsonNode stop();

    Boolean stream();

    StreamOptions streamOptions();

    Double presencePenalty();

    Double frequencyPenalty();

    Map<String, Double> logitBias();

    /** {@code logprobs} as the client sent it: an integer (completions) or a boolean (chat). */
    JsonNode logprobs();

    String user();

    /** {@code stream_options}: whether the last streamed chunk carries the usage. */
    record StreamOptions(Boolean includeUsage) {}
}
