package ai.fastmath.engine;

/** The queue is full: the caller should retry later (HTTP 429, gRPC RESOURCE_EXHAUSTED). */
public class EngineOverloadedException extends RuntimeException {

    public EngineOverloadedException(String message) {
        super(message);
    }
}
