package ai.fastmath.api;

import static io.restassured.RestAssured.given;

/** Reads the service's own numbers from {@code /q/metrics}, as Prometheus sees them. */
final class Scrape {

    private Scrape() {}

    /** The sum of every sample whose line starts with {@code prefix}. */
    static double metric(String prefix) {
        String text = given().get("/q/metrics").asString();
        return text.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Waits until no sequence runs and the KV cache is empty. */
    static void awaitIdle() throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < until) {
            if (metric("fastmath_num_requests_running ") == 0 && metric("fastmath_kv_cache_usage_perc ") == 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("sequences or KV still in use after the traffic stopped");
    }
}
