package ai.fastmath.api.security;

import ai.fastmath.api.rest.ApiErrors;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every REST resource method ({@code /v1/*}: solve, its SSE stream, OpenAI, models) needs an API key
 * when keys are configured, and methods marked {@link AdminOperation} need the admin key. Refusals are
 * 401 with {@code WWW-Authenticate: Bearer} or 403, in the API's error shape, before the body is read.
 * Health, metrics, OpenAPI and the playground's static files are not resource methods here, so they
 * stay open.
 */
public class ApiKeyFilter {

    private final ApiKeys keys;

    public ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    /** The refusal, or empty to go on. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        if (keys.open()) {
            return Optional.empty();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean admin = resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(AdminOperation.class);
        ApiKeys.Decision d = admin ? keys.admin(authorization) : keys.api(authorization);
        return d.allowed() ? Optional.empty() : Optional.of(ApiErrors.refused(d.status(), d.message()));
    }
}
