package ai.fastmath.api.openai;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The OpenAI endpoints answer JSON or server-sent events as the body's {@code stream} field says,
 * whatever the client accepts (OpenAI SDKs send {@code Accept: application/json} for streams too, curl
 * users often {@code text/event-stream}); so their Accept header does not take part in matching.
 */
public class OpenAiAcceptFilter {

    private static final Set<String> PATHS = Set.of("/v1/completions", "/v1/chat/completions");

    @ServerRequestFilter(preMatching = true)
    public void acceptEitherAnswer(ContainerRequestContext request) {
        if (PATHS.contains(request.getUriInfo().getPath())) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        }
    }
}
