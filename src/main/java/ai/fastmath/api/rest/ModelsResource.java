package ai.fastmath.api.rest;

import ai.fastmath.api.LoadedModel;
import ai.fastmath.api.ModelHost;
import ai.fastmath.api.ModelRoot;
import ai.fastmath.api.security.AdminOperation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Which checkpoint serves, and the admin operation that refreshes it. */
@Path("/v1")
@Tag(name = "models")
public class ModelsResource {

    private final ModelHost host;
    private final ModelRoot root;

    public ModelsResource(ModelHost host, ModelRoot root) {
        this.host = host;
        this.root = root;
    }

    /**
     * One model entry, OpenAI's list shape plus where it came from, whether it still takes new work and
     * where its solve samples stop besides the end of the turn (its {@code generation_config.json}).
     */
    public record ModelEntry(String id, String object, long created, String ownedBy, String path, String status,
            int maxModelLen, List<String> stopStrings) {

        static ModelEntry of(LoadedModel m, String status) {
            return new ModelEntry(m.id(), "model", m.loadedAt().getEpochSecond(), "fastmath", m.path().toString(), status,
                    m.config().maxPositionEmbeddings(), m.solver().stopStrings());
        }
    }

    public record ModelList(String object, List<ModelEntry> data) {}

    public record LoadBody(String path) {}

    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The checkpoint in service (status serving) and any still finishing work after a refresh (draining)")
    public ModelList models() {
        List<ModelEntry> data = new ArrayList<>();
        host.currentIfReady().ifPresent(m -> data.add(ModelEntry.of(m, "serving")));
        host.draining().forEach(m -> data.add(ModelEntry.of(m, "draining")));
        return new ModelList("list", data);
    }

    @POST
    @AdminOperation
    @Path("/admin/models/load")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Load a checkpoint directory, check it and swap it in",
            description = "Needs the admin key when keys are configured. The path is resolved against the model root "
                    + "(fastmath.model-root) and must stay inside it. Accepted requests finish on the old model; new ones go "
                    + "to the new. A checkpoint that fails a check (checksums.json included) is refused with 400 and the old "
                    + "model keeps serving.")
    public ModelEntry load(LoadBody body) {
        if (body == null || body.path() == null || body.path().isBlank()) {
            throw new IllegalArgumentException("path: the checkpoint directory to load is required");
        }
        return ModelEntry.of(host.load(root.resolve(body.path())), "serving");
    }
}
