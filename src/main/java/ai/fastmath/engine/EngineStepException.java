package ai.fastmath.engine;

/**
 * A request failed inside an engine step: its forward pass, sampling, text or fork threw. The message
 * names the request and the cause; the engine has dropped that request alone and serves the others.
 * An internal fault, not the caller's (HTTP 500 with the message, gRPC INTERNAL).
 */
public class EngineStepException extends RuntimeException {

    public EngineStepException(String message, Throwable cause) {
        super(message, cause);
    }
}
