package ai.fastmath.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body larger than {@code quarkus.http.limits.max-body-size} gets 413 in the API's error shape, not
 * Quarkus's empty 413: requests that declare their length are answered here, before anything reads
 * them. (A chunked body with no Content-Length that grows past the limit still gets Quarkus's own
 * empty 413 and a closed connection.)
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Ahead of every other route, the REST endpoints' included. */
    static final int ORDER = -10_000;

    private final long limit;
    private final ObjectMapper json;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit, ObjectMapper json) {
        this.limit = limit.asLongValue();
        this.json = json;
    }

    void routes(@Observes Router router) {
        router.route().order(ORDER).handler(rc -> {
            String declared = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long length = parse(declared);
            if (length <= limit) {
                rc.next();
                return;
            }
            String message = "the request body has " + length + " bytes, more than the limit of " + limit
                    + " (quarkus.http.limits.max-body-size)";
            rc.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close") // the rest of the body is not read
                    .end(body(message));
        });
    }

    private String body(String message) {
        try {
            return json.writeValueAsString(new ApiErrors.ErrorBody(new ApiErrors.Detail(message, "invalid_request_error", null, 413)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The declared length; -1 when there is none (or it is not a number: Vert.x refuses those itself). */
    private static long parse(String contentLength) {
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
