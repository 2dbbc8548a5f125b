package ai.fastmath.api;

import static ai.fastmath.api.SecuredProfile.ADMIN_KEY;
import static ai.fastmath.api.SecuredProfile.API_KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admin loads stay inside the model root (relative escapes, absolute paths, symlinks) and load only
 * checkpoints whose files match their checksums.json; every refusal is 400 naming {@code path}, and
 * the model in service keeps serving.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class AdminLoadSecurityTest {

    @BeforeEach
    void ready() throws InterruptedException {
        Ready.await();
    }

    private static ValidatableResponse load(String path) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ADMIN_KEY)
                .body("{\"path\": \"" + path + "\"}").post("/v1/admin/models/load").then();
    }

    private static void stillServing(String id) {
        given().header("Authorization", "Bearer " + API_KEY).get("/v1/models").then().statusCode(200)
                .body("data[0].id", equalTo(id)).body("data[0].status", equalTo("serving"));
    }

    @Test
    void pathsOutsideTheModelRootAreRefused() {
        String before = currentId();
        String outside = SecuredProfile.OUTSIDE.resolve("tiny-x").toString();
        String[] escapes = {"../outside/tiny-x", "tiny-a/../../outside/tiny-x", outside, "/etc", "link-out"};
        for (String p : escapes) {
            load(p).statusCode(400).body("error.param", equalTo("path"))
                    .body("error.message", containsString("outside the model root"));
        }
        load("no-such-checkpoint").statusCode(400).body("error.param", equalTo("path"))
                .body("error.message", containsString("does not exist"));
        stillServing(before);
    }

    @Test
    void checkpointsMustMatchTheirChecksums() {
        String before = currentId();
        load("corrupt").statusCode(400).body("error.type", equalTo("invalid_checkpoint")).body("error.param", equalTo("path"))
                .body("error.message", containsString("model-00001-of-"))
                .body("error.message", containsString("SHA-256"));
        load("no-checksums").statusCode(400).body("error.message", containsString("checksums.json"))
                .body("error.message", containsString("fastmath.require-checksums"));
        stillServing(before);
        // inside the root, relative or absolute, with a good manifest: loads
        load("tiny-b").statusCode(200).body("id", equalTo("tiny-b"));
        stillServing("tiny-b");
        load(SecuredProfile.ROOT.resolve("tiny-a").toString()).statusCode(200).body("id", equalTo("tiny-a"));
        stillServing("tiny-a");
    }

    private static String currentId() {
        return given().header("Authorization", "Bearer " + API_KEY).get("/v1/models").then().statusCode(200)
                .extract().path("data[0].id");
    }
}
