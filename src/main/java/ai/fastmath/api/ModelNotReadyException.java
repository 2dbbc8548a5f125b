package ai.fastmath.api;

/** No model is loaded yet (the service is starting, or was started without one). */
public final class ModelNotReadyException extends RuntimeException {

    public ModelNotReadyException(String message) {
        super(message);
    }
}
