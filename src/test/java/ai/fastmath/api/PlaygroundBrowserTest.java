package ai.fastmath.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.fastmath.model.DefaultModel;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The browser playground end to end: the service on the default model, the page in Debian's chromium
 * driven headless by playwright-core ({@code src/test/node/playground.e2e.mjs}, which holds the
 * checks). Chromium is a prerequisite (README, "Test"): without it this test fails, it does not skip.
 * The screenshots stay in {@code target/playground/}.
 */
@QuarkusTest
@TestProfile(PlaygroundBrowserTest.DefaultModelProfile.class)
class PlaygroundBrowserTest {

    static final Path SCREENSHOT = Path.of("target", "playground", "playground.png");
    static final int SAMPLES = 4;
    static final int MAX_TOKENS = 160;
    /** The page's deadline for its solve: on a loaded machine the vote ends there, still with a result. */
    static final int DEADLINE_S = 45;
    static final long PROCESS_TIMEOUT_S = 100;

    /** The service as {@code serve} runs it with no model named: the checkpoint training committed. */
    public static class DefaultModelProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path model = DefaultModel.locate(Path.of(""))
                    .orElseThrow(() -> new IllegalStateException(DefaultModel.POINTER + " is missing: no default model to serve"));
            return Map.of("fastmath.model", model.toAbsolutePath().toString(), "fastmath.device", "cpu");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void solvesAProblemInChromium() throws Exception {
        Path chromium = chromium().orElseGet(() -> fail("Chromium is not installed (no 'chromium' on PATH, nor "
                + "/usr/bin/chromium): the playground's browser test needs it. Install it with "
                + "'apt-get install -y chromium' (.ci/run does this in CI; see README, Test)."));
        assertTrue(Files.isDirectory(NodeScript.DIR.resolve("node_modules/playwright-core")),
                "playwright-core is not installed in " + NodeScript.DIR + ": run 'npm ci' there (Maven does it in generate-test-resources)");
        Ready.await();

        Path screenshot = SCREENSHOT.toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);
        Path log = screenshot.resolveSibling("e2e.log");
        String output = NodeScript.run("playground.e2e.mjs", Map.of(), PROCESS_TIMEOUT_S, log,
                "--base-url=" + base, "--n=" + SAMPLES, "--max-tokens=" + MAX_TOKENS, "--deadline-s=" + DEADLINE_S,
                "--screenshot=" + screenshot, "--chromium=" + chromium);
        assertTrue(Files.size(screenshot) > 10_000, "no screenshot at " + screenshot + "; output:\n" + output);
    }

    @Test
    void theRootAndPlaygroundLeadToThePage() {
        for (String path : List.of("/", "/playground")) {
            given().redirects().follow(false).get(path)
                    .then().statusCode(302).header("Location", endsWith("/playground/"));
        }
        given().get("/playground/").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<title>FastMath playground</title>"));
    }

    /** Debian's chromium: on PATH, or where apt puts it. */
    static Optional<Path> chromium() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "chromium")),
                        List.of(Path.of("/usr/bin/chromium")).stream())
                .filter(Files::isExecutable)
                .findFirst();
    }
}
