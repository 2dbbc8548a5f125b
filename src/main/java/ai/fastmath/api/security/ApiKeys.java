package ai.fastmath.api.security;

import ai.fastmath.api.ServingConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Who may call what: the configured API keys ({@code fastmath.api-keys}) and admin key
 * ({@code fastmath.admin-key}), checked against an {@code Authorization: Bearer <key>} value. Keys are
 * kept only as SHA-256 digests and compared in constant time ({@link MessageDigest#isEqual} on
 * equal-length digests, every key compared); no decision's message contains what the client sent.
 *
 * <ul>
 *   <li>No keys at all: everything is open.</li>
 *   <li>API calls: open while no API key is set; otherwise an API key (or the admin key) is needed.</li>
 *   <li>Admin operations: the admin key; an API key is refused (403); with API keys but no admin key,
 *       admin operations are refused to everyone (403), the safe reading of a half-configured service.</li>
 * </ul>
 */
@Singleton
public class ApiKeys {

    /** A decision: allowed, or the status (401 / 403) and a message that names no key. */
    public record Decision(int status, String message) {
        static final Decision ALLOWED = new Decision(200, "allowed");

        public boolean allowed() {
            return status == 200;
        }
    }

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    private final List<byte[]> apiKeys;
    private final byte[] adminKey;

    @Inject
    public ApiKeys(ServingConfig config) {
        this(config.apiKeys().orElse(List.of()), config.adminKey());
    }

    public ApiKeys(List<String> apiKeys, Optional<String> adminKey) {
        this.apiKeys = apiKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).map(ApiKeys::digest).toList();
        this.adminKey = adminKey.map(String::strip).filter(k -> !k.isEmpty()).map(ApiKeys::digest).orElse(null);
    }

    /** Says how the service is protected (how many keys, never which) when it serves; nothing when it is open. */
    void onStart(@Observes StartupEvent e) {
        boolean serving = ConfigProvider.getConfig().getOptionalValue("quarkus.http.host-enabled", Boolean.class).orElse(true);
        if (serving && !open()) {
            LOG.infof("%d API key(s) configured; admin key %s; health and metrics stay open", apiKeys.size(),
                    adminKey == null ? "not set: admin operations are refused" : "set");
        }
    }

    /** No key configured: nothing is checked. */
    public boolean open() {
        return apiKeys.isEmpty() && adminKey == null;
    }

    public boolean apiKeysSet() {
        return !apiKeys.isEmpty();
    }

    public boolean adminKeySet() {
        return adminKey != null;
    }

    /** May a call with this {@code Authorization} value (null: none) use the API? */
    public Decision api(String authorization) {
        if (apiKeys.isEmpty()) {
            return Decision.ALLOWED;
        }
        byte[] token = token(authorization);
        if (token == null) {
            return new Decision(401, "missing API key: send the header 'Authorization: Bearer <key>'");
        }
        boolean api = matchesAny(apiKeys, token);
        boolean admin = adminKey != null && MessageDigest.isEqual(adminKey, token);
        return api | admin ? Decision.ALLOWED : new Decision(401, "invalid API key");
    }

    /** May a call with this {@code Authorization} value run an admin operation? */
    public Decision admin(String authorization) {
        if (open()) {
            return Decision.ALLOWED;
        }
        byte[] token = token(authorization);
        if (token == null) {
            return new Decision(401, "missing admin key: send the header 'Authorization: Bearer <admin key>'");
        }
        if (adminKey != null && MessageDigest.isEqual(adminKey, token)) {
            return Decision.ALLOWED;
        }
        if (!matchesAny(apiKeys, token)) {
            return new Decision(401, "invalid admin key");
        }
        return adminKey == null
                ? new Decision(403, "admin operations are disabled: API keys are set but no admin key (fastmath.admin-key)")
                : new Decision(403, "this is an admin operation: it needs the admin key, an API key is not enough");
    }

    /** The digest of the bearer token, or null when there is none. */
    private static byte[] token(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return null;
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() ? null : digest(token);
    }

    /** Compares with every key, so the time taken does not say which one (or whether one) matched. */
    private static boolean matchesAny(List<byte[]> keys, byte[] token) {
        boolean any = false;
        for (byte[] k : keys) {
            any |= MessageDigest.isEqual(k, token);
        }
        return any;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
