package ai.fastmath.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may call what, for every combination of configured keys. */
class ApiKeysTest {

    private static final String A = "key-a-123";
    private static final String B = "key-b-456";
    private static final String ADMIN = "admin-789";

    private static String bearer(String key) {
        return "Bearer " + key;
    }

    @Test
    void noKeysMeansOpen() {
        ApiKeys keys = new ApiKeys(List.of(), Optional.empty());
        assertTrue(keys.open());
        assertTrue(keys.api(null).allowed());
        assertTrue(keys.admin(null).allowed());
        assertTrue(new ApiKeys(List.of(" ", ""), Optional.of(" ")).open(), "blank keys are no keys");
    }

    @Test
    void apiCallsNeedOneOfTheKeysOrTheAdminKey() {
        ApiKeys keys = new ApiKeys(List.of(A, B), Optional.of(ADMIN));
        assertEquals(401, keys.api(null).status());
        assertEquals(401, keys.api("").status());
        assertEquals(401, keys.api("Bearer").status());
        assertEquals(401, keys.api("Basic " + A).status());
        assertEquals(401, keys.api(A).status(), "the scheme is required");
        assertEquals(401, keys.api(bearer(A + "x")).status());
        assertEquals(401, keys.api(bearer(A.substring(1))).status());
        assertTrue(keys.api(bearer(A)).allowed());
        assertTrue(keys.api(bearer(B)).allowed());
        assertTrue(keys.api("bearer   " + B + "  ").allowed(), "scheme case-insensitive, spaces trimmed");
        assertTrue(keys.api(bearer(ADMIN)).allowed());
    }

    @Test
    void adminNeedsTheAdminKey() {
        ApiKeys keys = new ApiKeys(List.of(A), Optional.of(ADMIN));
        assertEquals(401, keys.admin(null).status());
        assertEquals(401, keys.admin(bearer("nope")).status());
        assertEquals(403, keys.admin(bearer(A)).status(), "an API key is not enough");
        assertTrue(keys.admin(bearer(ADMIN)).allowed());
    }

    @Test
    void apiKeysWithoutAnAdminKeyRefuseAdminOperations() {
        ApiKeys keys = new ApiKeys(List.of(A), Optional.empty());
        ApiKeys.Decision d = keys.admin(bearer(A));
        assertEquals(403, d.status());
        assertTrue(d.message().contains("fastmath.admin-key"), d.message());
        assertEquals(401, keys.admin(null).status());
    }

    @Test
    void anAdminKeyAloneLeavesTheApiOpen() {
        ApiKeys keys = new ApiKeys(List.of(), Optional.of(ADMIN));
        assertFalse(keys.open());
        assertTrue(keys.api(null).allowed());
        assertEquals(401, keys.admin(null).status());
        assertEquals(401, keys.admin(bearer("guess")).status());
        assertTrue(keys.admin(bearer(ADMIN)).allowed());
    }

    @Test
    void noMessageRepeatsWhatWasSent() {
        ApiKeys keys = new ApiKeys(List.of(A), Optional.of(ADMIN));
        String sent = "sent-secret-value";
        for (ApiKeys.Decision d : List.of(keys.api(bearer(sent)), keys.admin(bearer(sent)), keys.admin(bearer(A)))) {
            assertFalse(d.message().contains(sent) || d.message().contains(A) || d.message().contains(ADMIN), d.message());
        }
    }
}
