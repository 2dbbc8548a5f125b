package ai.fastmath.api.openai;

/** Tokens a request used: each prompt counted once, every choice's generated tokens. */
public record Usage(int promptTokens, int completionTokens, int totalTokens) {

    static Usage of(int prompt, int completion) {
        return new Usage(prompt, completion, prompt + completion);
    }
}
