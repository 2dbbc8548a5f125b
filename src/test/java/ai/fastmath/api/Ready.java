package ai.fastmath.api;

import static io.restassured.RestAssured.given;

/** Waits for the model to load: readiness turns UP only then. */
final class Ready {

    private Ready() {}

    static void await() throws InterruptedException {
        long until = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < until) {
            if (given().get("/q/health/ready").statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the model did not become ready in 120 s");
    }
}
