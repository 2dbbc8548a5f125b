package ai.fastmath.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clients' one SSE reader, on streams written by hand in both shapes the service sends. */
class ServerSentEventsTest {

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void namedEventsAsTheSolveStreamSendsThem() throws Exception {
        List<String> seen = new ArrayList<>();
        boolean stopped = ServerSentEvents.read(stream("""
                event:sample_delta
                data:{"index":0,"text":"4"}

                event: vote
                data: {"answer":"42"}

                event:result
                data:{"answer":"42","tokens":9}

                """), (event, data) -> seen.add(event + "=" + data));
        assertFalse(stopped, "read to the end");
        assertEquals(List.of("sample_delta={\"index\":0,\"text\":\"4\"}", "vote={\"answer\":\"42\"}",
                "result={\"answer\":\"42\",\"tokens\":9}"), seen);
    }

    @Test
    void unnamedDataLinesAsOpenAiSendsThemAndAStopByTheListener() throws Exception {
        List<String> seen = new ArrayList<>();
        boolean stopped = ServerSentEvents.read(stream("data: {\"choices\":[]}\n\n: a comment\ndata: [DONE]\n\ndata: after\n\n"),
                (event, data) -> {
                    seen.add(event + "|" + data);
                    return !data.equals("[DONE]");
                });
        assertTrue(stopped);
        assertEquals(List.of("|{\"choices\":[]}", "|[DONE]"), seen, "the listener's stop ends the reading");
    }
}
