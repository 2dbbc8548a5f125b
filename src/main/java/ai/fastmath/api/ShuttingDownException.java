package ai.fastmath.api;

/** The service is shutting down and accepts no new work (HTTP 503 with Retry-After, gRPC UNAVAILABLE). */
public final class ShuttingDownException extends RuntimeException {

    public ShuttingDownException(String message) {
        super(message);
    }
}
