package ai.fastmath.api.openai;

import java.util.List;

/**
 * A {@code /v1/completions} response, or with {@code stream} one chunk of it (then {@code usage} is
 * null except on the last chunk when the client asked for it).
 */
public record TextCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    /** @param finishReason stop, length or abort; null while streaming */
    public record Choice(int index, String text, Object logprobs, String finishReason) {}
}
