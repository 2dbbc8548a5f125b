package ai.fastmath.api.rest;

import ai.fastmath.api.ModelNotReadyException;
import ai.fastmath.api.ServingConfig;
import ai.fastmath.api.ShuttingDownException;
import ai.fastmath.api.openai.UnknownModelException;
import ai.fastmath.engine.EngineOverloadedException;
import ai.fastmath.engine.EngineStepException;
import ai.fastmath.model.CheckpointException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Errors in OpenAI's JSON shape ({@code {"error": {"message", "type", "param", "code"}}}): bad input
 * 400 naming the field, a full service 429 with Retry-After, no model yet or shutting down 503.
 * Nothing a client sends ends in a 500: only an internal fault does (an engine step that failed for
 * the request, {@code server_error}, with the engine's message naming the request and the cause).
 */
public class ApiErrors {

    /** The body of every error response. */
    public record ErrorBody(Detail error) {}

    public record Detail(String message, String type, String param, Integer code) {}

    private final ServingConfig config;

    public ApiErrors(ServingConfig config) {
        this.config = config;
    }

    static RestResponse<ErrorBody> error(int status, String type, String message, String param) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.fromStatusCode(status),
                        new ErrorBody(new Detail(message, type, param, status)))
                .type(MediaType.APPLICATION_JSON_TYPE) // also on the SSE endpoint: an error is JSON, not a stream
                .build();
    }

    /** "field: message" names the field. */
    private static String param(String message) {
        int colon = message == null ? -1 : message.indexOf(':');
        if (colon > 0 && message.substring(0, colon).matches("[a-z_][a-z_0-9.\\[\\]]*")) {
            return message.substring(0, colon);
        }
        return null;
    }

    /**
     * A refused credential ({@code ApiKeyFilter}): 401 with {@code WWW-Authenticate: Bearer}, or 403 for a
     * key that may not do this. The message never repeats what the client sent.
     */
    public static jakarta.ws.rs.core.Response refused(int status, String message) {
        RestResponse.ResponseBuilder<ErrorBody> b = RestResponse.ResponseBuilder.create(RestResponse.Status.fromStatusCode(status),
                        new ErrorBody(new Detail(message, status == 401 ? "authentication_error" : "permission_error", null, status)))
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (status == 401) {
            b.header("WWW-Authenticate", "Bearer");
        }
        return b.build().toResponse();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> badInput(IllegalArgumentException e) {
        return error(400, "invalid_request_error", e.getMessage(), param(e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unknownModel(UnknownModelException e) {
        return error(404, "not_found_error", e.getMessage(), "model");
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> badCheckpoint(CheckpointException e) {
        return error(400, "invalid_checkpoint", e.getMessage(), "path");
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> malformedJson(JsonProcessingException e) {
        return jsonError(e);
    }

    // Quarkus maps these Jackson exceptions with its own (non-JSON-API) bodies unless we map each one.
    @ServerExceptionMapper
    public RestResponse<ErrorBody> mismatched(MismatchedInputException e) {
        return jsonError(e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> wrongType(InvalidFormatException e) {
        return jsonError(e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unknownField(UnrecognizedPropertyException e) {
        return jsonError(e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unparsable(JsonParseException e) {
        return jsonError(e);
    }

    private static RestResponse<ErrorBody> jsonError(JsonProcessingException e) {
        String field = null;
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
        }
        if (field == null && e.getProcessor() instanceof JsonParser parser) {
            // a body the parser gave up on (a 1,000-digit number, a broken string): the field it was reading
            field = parser.getParsingContext().getCurrentName();
        }
        String message = e.getOriginalMessage();
        if (e.getCause() instanceof IllegalArgumentException cause) {
            message = cause.getMessage();
        }
        return error(400, "invalid_request_error",
                "malformed JSON" + (field == null ? "" : " at " + field) + ": " + message, field);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> full(BulkheadException e) {
        return retryLater("the service is solving as many problems as it queues; retry after "
                + config.solve().retryAfterSeconds() + " s");
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> engineFull(EngineOverloadedException e) {
        return retryLater(e.getMessage());
    }

    private RestResponse<ErrorBody> retryLater(String message) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.TOO_MANY_REQUESTS,
                        new ErrorBody(new Detail(message, "rate_limit_error", null, 429)))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", String.valueOf(config.solve().retryAfterSeconds()))
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> notReady(ModelNotReadyException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.SERVICE_UNAVAILABLE,
                        new ErrorBody(new Detail(e.getMessage(), "model_not_ready", null, 503)))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", "5")
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> engineFault(EngineStepException e) {
        return error(500, "server_error", e.getMessage(), null);
    }

    /** An error as one JSON object, for a stream that has already begun (its status is 200). */
    public static ErrorBody streamed(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        String type = cause instanceof EngineStepException ? "server_error" : "internal_error";
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return new ErrorBody(new Detail(message, type, null, 500));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> shuttingDown(ShuttingDownException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.SERVICE_UNAVAILABLE,
                        new ErrorBody(new Detail(e.getMessage(), "shutting_down", null, 503)))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", String.valueOf(config.solve().retryAfterSeconds()))
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return jsonError(json);
        }
        int status = e.getResponse().getStatus();
        if (status == 400) {
            return error(400, "invalid_request_error", "malformed JSON body: " + e.getMessage(), null);
        }
        return error(status, status == 404 ? "not_found_error" : "invalid_request_error", e.getMessage(), null);
    }
}
