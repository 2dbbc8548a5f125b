package ai.fastmath.api.load;

/**
 * What one request got.
 *
 * @param kind what was sent
 * @param code the HTTP status ("200", "429", ...), the gRPC status ("OK", "RESOURCE_EXHAUSTED", ...), or
 *     a client-side word: "disconnected" (the client dropped the stream on purpose), "timeout" (no answer
 *     within the client's limit), "io_error" (connection refused or reset), "stream_error" (a stream that
 *     began and then carried an error), "truncated" (a stream that ended without its last event)
 * @param seconds from sending to the answer's end (or the disconnect)
 * @param tokens generated tokens the answer reports (0 when unknown)
 * @param retryAfter a Retry-After header came with it
 * @param detail an error message or body excerpt, for the log; null when fine
 */
public record Outcome(RequestKind kind, String code, double seconds, long tokens, boolean retryAfter, String detail) {

    /** The report's columns. */
    public enum Column { OK, REJECTED, DEADLINE, CLIENT_4XX, SERVER_5XX, ERROR, DISCONNECTED }

    public Column column() {
        return switch (code) {
            case "200", "OK" -> Column.OK;
            case "429", "RESOURCE_EXHAUSTED" -> Column.REJECTED;
            case "504", "DEADLINE_EXCEEDED" -> Column.DEADLINE; // answered at the deadline with the partial vote
            case "disconnected" -> Column.DISCONNECTED;
            case "timeout", "io_error" -> Column.ERROR;
            case "stream_error", "truncated", "INTERNAL", "UNKNOWN", "UNAVAILABLE", "DATA_LOSS", "UNIMPLEMENTED" -> Column.SERVER_5XX;
            default -> code.matches("4\\d\\d") || code.matches("[A-Z_]+") ? Column.CLIENT_4XX : Column.SERVER_5XX;
        };
    }
}
