package ai.fastmath.training.sft;

import ai.fastmath.model.tokenizer.ChatTemplate;
import ai.fastmath.model.tokenizer.TextTokenizer;

/**
 * One supervised example as the model sees it: the prompt exactly as generation renders it (chat
 * template, system and user turns, generation prompt), then the assistant's reply and the end-of-turn
 * token. Only the reply and the end-of-turn carry loss.
 *
 * @param tokens prompt then reply token ids
 * @param promptLength how many leading tokens are prompt (no loss)
 */
public record SftExample(int[] tokens, int promptLength) {

    public SftExample {
        if (promptLength < 1 || promptLength >= tokens.length) {
            throw new IllegalArgumentException("an example needs a prompt and a reply, got prompt " + promptLength
                    + " of " + tokens.length + " tokens");
        }
    }

    /**
     * Renders a problem and its reply. The prompt is tokenized on its own, as the solver does before
     * generating, so training and inference see the same prompt tokens.
     *
     * @param endOfTurn the token that ends the reply (the tokenizer's eos, e.g. {@code <|im_end|>})
     */
    public static SftExample render(TextTokenizer tokenizer, String systemPrompt, String problem, String reply,
            int endOfTurn) {
        ChatTemplate template = tokenizer.chatTemplate().orElseThrow(
                () -> new IllegalArgumentException("the tokenizer has no chat template"));
        int[] prompt = tokenizer.encode(template.prompt(systemPrompt, problem));
        int[] answer = tokenizer.encode(reply);
        int[] tokens = new int[prompt.length + answer.length + 1];
        System.arraycopy(prompt, 0, tokens, 0, prompt.length);
        System.arraycopy(answer, 0, tokens, prompt.length, answer.length);
        tokens[tokens.length - 1] = endOfTurn;
        return new SftExample(tokens, prompt.length);
    }

    /** Whether position {@code i}'s token is trained on (predicted from the tokens before it). */
    public boolean hasLoss(int i) {
        return i >= promptLength;
    }

    /** Tokens that carry loss. */
    public int lossTokens() {
        return tokens.length - promptLength;
    }

    /** This example cut to at most {@code maxLength} tokens (a cut reply keeps its start). */
    public SftExample truncate(int maxLength) {
        if (tokens.length <= maxLength) {
            return this;
        }
        return new SftExample(java.util.Arrays.copyOf(tokens, maxLength), Math.min(promptLength, maxLength - 1));
    }
}
