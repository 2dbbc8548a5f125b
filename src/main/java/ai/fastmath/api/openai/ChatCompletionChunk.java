package ai.fastmath.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One streamed piece of a chat completion ({@code object: chat.completion.chunk}). */
public record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
        Usage usage) {

    public record Choice(int index, Delta delta, Object logprobs, String finishReason) {}

    /** The first chunk of a choice carries the role; the others only content. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {}
}
