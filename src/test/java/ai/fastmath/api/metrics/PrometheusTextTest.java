package ai.fastmath.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one Prometheus text parser, on an exposition written by hand and on what the service's registry writes. */
class PrometheusTextTest {

    @Test
    void readsSamplesLabelsTypesAndSpecialValues() {
        PrometheusText t = PrometheusText.parse("""
                # HELP fastmath_solve_requests_total Solves by stop reason
                # TYPE fastmath_solve_requests_total counter
                fastmath_solve_requests_total{stop_reason="beta",model="a"} 3.0
                fastmath_solve_requests_total{stop_reason="deadline",model="a"} 2.0
                fastmath_solve_requests_total{stop_reason="beta",model="b"} 4.0 1712000000000
                # TYPE fastmath_kv_cache_usage_perc gauge
                fastmath_kv_cache_usage_perc 0.25
                odd{path="a\\"b\\\\c\\nd"} NaN
                up +Inf
                """);
        assertEquals(6, t.samples().size());
        assertEquals(9.0, t.sum("fastmath_solve_requests_total"));
        assertEquals(7.0, t.sum("fastmath_solve_requests_total", Map.of("stop_reason", "beta")));
        assertEquals(3.0, t.sum("fastmath_solve_requests_total", Map.of("stop_reason", "beta", "model", "a")));
        assertEquals(0.0, t.sum("fastmath_solve_requests_total", Map.of("stop_reason", "error")));
        assertEquals(0.25, t.sum("fastmath_kv_cache_usage_perc"));
        assertEquals("counter", t.type("fastmath_solve_requests_total").orElseThrow());
        assertEquals("gauge", t.type("fastmath_kv_cache_usage_perc").orElseThrow());
        assertEquals("a\"b\\c\nd", t.samples().get(4).labels().get("path"), "escapes in label values");
        assertTrue(Double.isNaN(t.samples().get(4).value()));
        assertEquals(0.0, t.sum("odd"), "NaN is left out of sums");
        assertEquals(Double.POSITIVE_INFINITY, t.samples().get(5).value());
        assertEquals(List.of("stop_reason", "model"), List.copyOf(t.samples().get(0).labels().keySet()));
    }

    @Test
    void aLineThatIsNotASampleIsAnErrorNamingIt() {
        for (String bad : List.of("metric{a=\"1\" 2", "metric{a=1} 2", "metric", "metric abc", "{a=\"1\"} 2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("ok 1\n" + bad));
            assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        }
    }

    @Test
    void readsWhatTheServicesRegistryWrites() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServingMetrics metrics = new ServingMetrics(registry);
        metrics.solveFailed();
        metrics.solveFailed();
        PrometheusText t = PrometheusText.parse(registry.scrape());
        assertEquals(2.0, t.sum("fastmath_solve_failed_total"));
        assertEquals("gauge", t.type("fastmath_num_requests_waiting").orElseThrow());
        assertEquals(0.0, t.sum("fastmath_num_requests_running"));
    }
}
