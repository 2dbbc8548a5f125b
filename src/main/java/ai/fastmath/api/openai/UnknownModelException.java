package ai.fastmath.api.openai;

/** A request named a model this service does not serve (HTTP 404, as OpenAI and vLLM answer). */
public class UnknownModelException extends RuntimeException {
    public UnknownModelException(String message) {
        super(message);
    }
}
