package ai.fastmath.api;

import static io.restassured.RestAssured.given;

import ai.fastmath.api.metrics.PrometheusText;
import java.util.Map;

/** Reads the service's own numbers from {@code /q/metrics}, as Prometheus sees them. */
final class Scrape {

    private Scrape() {}

    /** The sum of the samples of a metric over its labels. */
    static double metric(String name) {
        return PrometheusText.parse(given().get("/q/metrics").asString()).sum(name);
    }

    /** The sum of the samples of a metric that carry this label value. */
    static double metric(String name, String label, String value) {
        return PrometheusText.parse(given().get("/q/metrics").asString()).sum(name, Map.of(label, value));
    }

    /** Waits until no sequence runs and the KV cache is empty. */
    static void awaitIdle() throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < until) {
            if (metric("fastmath_num_requests_running") == 0 && metric("fastmath_kv_cache_usage_perc") == 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("sequences or KV still in use after the traffic stopped");
    }
}
