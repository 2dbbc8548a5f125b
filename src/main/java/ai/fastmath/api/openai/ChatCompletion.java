package ai.fastmath.api.openai;

import java.util.List;

/** A {@code /v1/chat/completions} response. */
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    public record Choice(int index, Message message, Object logprobs, String finishReason) {}

    public record Message(String role, String content) {}
}
