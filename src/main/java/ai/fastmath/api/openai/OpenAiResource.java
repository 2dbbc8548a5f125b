package ai.fastmath.api.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * OpenAI's {@code POST /v1/completions} and {@code POST /v1/chat/completions}, so OpenAI SDKs pointed
 * at FastMath work as they do against vLLM. One method answers both ways: JSON, or with
 * {@code "stream": true} server-sent events ending in {@code data: [DONE]}; the body decides, so the
 * content type is set per response, and the events are framed here (written as they are, not as a
 * JSON array). Errors are OpenAI's JSON error shape ({@code ApiErrors}).
 */
@Path("/v1")
@Tag(name = "openai", description = "OpenAI-compatible completions and chat completions (vLLM's extras top_k and min_p)")
public class OpenAiResource {

    private final OpenAiService service;
    private final ObjectMapper json;

    public OpenAiResource(OpenAiService service, ObjectMapper json) {
        this.service = service;
        this.json = json;
    }

    @POST
    @Path("/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON) // or text/event-stream: set per response below
    @Operation(summary = "Complete one or more prompts (OpenAI completions API)")
    @APIResponse(responseCode = "200", description = "JSON, or server-sent events with stream: true",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TextCompletion.class)),
                    @Content(mediaType = "text/event-stream")})
    public Multi<byte[]> completions(CompletionBody body) {
        Generation g = service.completion(body);
        return g.stream() ? sse(service.stream(g, false)) : whole(service.complete(g));
    }

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer a conversation through the model's chat template (OpenAI chat completions API)")
    @APIResponse(responseCode = "200", description = "JSON, or server-sent events with stream: true",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChatCompletion.class)),
                    @Content(mediaType = "text/event-stream")})
    public Multi<byte[]> chatCompletions(ChatCompletionBody body) {
        Generation g = service.chat(body);
        return g.stream() ? sse(service.stream(g, true)) : whole(service.completeChat(g));
    }

    private static Multi<byte[]> sse(Multi<String> events) {
        return RestMulti.fromMultiData(events.map(OpenAiResource::utf8)).encodeAsJsonArray(false)
                .header("Content-Type", "text/event-stream").header("Cache-Control", "no-cache").build();
    }

    private Multi<byte[]> whole(Uni<?> response) {
        return RestMulti.fromMultiData(response.map(r -> utf8(write(r))).toMulti()).encodeAsJsonArray(false)
                .header("Content-Type", MediaType.APPLICATION_JSON).build();
    }

    /** Bytes go out as they are; a String would be written as a JSON string. */
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String write(Object response) {
        try {
            return json.writeValueAsString(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the response", e);
        }
    }
}
