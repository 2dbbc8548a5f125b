package ai.fastmath.api.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} body (the solve API's {@code /v1/solve/stream}, the OpenAI
 * endpoints' {@code "stream": true}) event by event: the {@code event:} name (empty when the stream
 * gives none, as OpenAI's) and each {@code data:} line's text. The one SSE reader of the clients.
 */
public final class ServerSentEvents {

    /** What to do with one event; false stops reading (the caller then closes the body: a client going away). */
    @FunctionalInterface
    public interface Listener {
        boolean onEvent(String event, String data) throws IOException;
    }

    private ServerSentEvents() {}

    /**
     * Feeds the events of {@code body} to {@code listener} until the stream ends or the listener says stop.
     *
     * @return true when the listener stopped the reading, false when the stream ended
     */
    public static boolean read(InputStream body, Listener listener) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String event = "";
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                if (!listener.onEvent(event, line.substring(5).strip())) {
                    return true;
                }
            } else if (line.isEmpty()) {
                event = ""; // a blank line ends the event
            }
        }
        return false;
    }
}
