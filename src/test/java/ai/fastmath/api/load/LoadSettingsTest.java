package ai.fastmath.api.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code bench load}'s settings, mix, outcome classes and percentiles. */
class LoadSettingsTest {

    @Test
    void onlyLoopbackUrlsAreAccepted() {
        for (String ok : List.of("http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:8080", "http://127.3.2.1:9")) {
            LoadSettings.requireLoopback(URI.create(ok));
        }
        for (String bad : List.of("http://10.0.0.1:8080", "http://example.com", "http://192.168.1.2:80", "https://127.0.0.1:8443",
                "http://0.0.0.0:8080", "http://localhost.example.com:80")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadSettings.requireLoopback(URI.create(bad)));
            assertTrue(e.getMessage().startsWith("--url: "), e.getMessage());
        }
        IllegalArgumentException grpc = assertThrows(IllegalArgumentException.class,
                () -> LoadSettings.builder().mix(RequestMix.parse("grpc=1")).build());
        assertTrue(grpc.getMessage().contains("--grpc-port"), grpc.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoadSettings.builder().overload(true).build(), "overload needs a deadline");
    }

    @Test
    void theMixDrawsKindsByWeight() {
        RequestMix mix = RequestMix.parse("solve=3, completion=1,chat=0,stream");
        assertEquals("solve=3.0,stream=1.0,completion=1.0", mix.toString());
        Map<RequestKind, Integer> drawn = new EnumMap<>(RequestKind.class);
        Random r = new Random(1);
        for (int i = 0; i < 50_000; i++) {
            drawn.merge(mix.pick(r), 1, Integer::sum);
        }
        assertEquals(3, drawn.size());
        assertEquals(0.6, drawn.get(RequestKind.SOLVE) / 50_000.0, 0.01);
        assertEquals(0.2, drawn.get(RequestKind.STREAM) / 50_000.0, 0.01);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RequestMix.parse("solve=1,poem=2"));
        assertTrue(e.getMessage().contains("unknown request kind 'poem'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RequestMix.parse("solve=0"));
    }

    @Test
    void answersFallIntoTheReportsColumns() {
        Map<String, Outcome.Column> expected = Map.ofEntries(Map.entry("200", Outcome.Column.OK), Map.entry("OK", Outcome.Column.OK),
                Map.entry("429", Outcome.Column.REJECTED), Map.entry("RESOURCE_EXHAUSTED", Outcome.Column.REJECTED),
                Map.entry("504", Outcome.Column.DEADLINE), Map.entry("DEADLINE_EXCEEDED", Outcome.Column.DEADLINE),
                Map.entry("400", Outcome.Column.CLIENT_4XX), Map.entry("INVALID_ARGUMENT", Outcome.Column.CLIENT_4XX),
                Map.entry("500", Outcome.Column.SERVER_5XX), Map.entry("503", Outcome.Column.SERVER_5XX),
                Map.entry("INTERNAL", Outcome.Column.SERVER_5XX), Map.entry("UNAVAILABLE", Outcome.Column.SERVER_5XX),
                Map.entry("stream_error", Outcome.Column.SERVER_5XX), Map.entry("truncated", Outcome.Column.SERVER_5XX),
                Map.entry("timeout", Outcome.Column.ERROR), Map.entry("io_error", Outcome.Column.ERROR),
                Map.entry("disconnected", Outcome.Column.DISCONNECTED));
        expected.forEach((code, column) -> assertEquals(column, new Outcome(RequestKind.SOLVE, code, 1, 0, false, null).column(), code));
    }

    @Test
    void statsCountRetryAfterDeadlinesAndPercentiles() {
        List<Outcome> outcomes = List.of(
                new Outcome(RequestKind.SOLVE, "200", 1.0, 10, false, null),
                new Outcome(RequestKind.SOLVE, "200", 3.0, 30, false, null),
                new Outcome(RequestKind.SOLVE, "429", 0.01, 0, false, "full"),
                new Outcome(RequestKind.SOLVE, "429", 0.01, 0, true, "full"),
                new Outcome(RequestKind.SOLVE, "504", 5.2, 7, false, null),
                new Outcome(RequestKind.SOLVE, "504", 6.5, 7, false, null));
        LoadReport.KindStats s = LoadReport.KindStats.of("solve", outcomes, 2.0, 5.0);
        assertEquals(6, s.requests());
        assertEquals(2, s.ok());
        assertEquals(2, s.rejected());
        assertEquals(1, s.rejectedWithoutRetryAfter());
        assertEquals(2, s.deadline());
        assertEquals(1, s.deadlineMissed(), "6.5 s is past a 5 s deadline plus 1 s; 5.2 s is not");
        assertEquals(1.0, s.p50S());
        assertEquals(3.0, s.p99S());
        assertEquals(27.0, s.tokensPerS());
        assertEquals(Double.NaN, LoadReport.percentile(new double[0], 0.5));
        assertEquals(99.0, LoadReport.percentile(java.util.stream.IntStream.rangeClosed(1, 100).asDoubleStream().toArray(), 0.99));
    }
}
