package ai.fastmath.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requested checkpoint directories stay inside the model root: no ../, no absolute escapes, no symlinks out. */
class ModelRootTest {

    @TempDir
    Path tmp;

    private Path root;
    private Path outside;
    private ModelRoot models;

    @BeforeEach
    void layout() throws Exception {
        root = Files.createDirectories(tmp.resolve("models"));
        outside = Files.createDirectories(tmp.resolve("elsewhere/ckpt"));
        Files.writeString(outside.resolve("model.safetensors"), "weights");
        Files.writeString(Files.createDirectories(root.resolve("a")).resolve("config.json"), "{}");
        Files.createDirectories(root.resolve("b"));
        Files.createSymbolicLink(root.resolve("dir-link-out"), outside);
        Files.createSymbolicLink(root.resolve("dir-link-in"), root.resolve("a"));
        Path fileLink = Files.createDirectories(root.resolve("file-link-out"));
        Files.createSymbolicLink(fileLink.resolve("model.safetensors"), outside.resolve("model.safetensors"));
        models = new ModelRoot(Optional.of(root), Optional.empty());
    }

    private void refused(String requested, String because) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> models.resolve(requested), requested);
        assertTrue(e.getMessage().startsWith("path: "), e.getMessage());
        assertTrue(e.getMessage().contains(because), e.getMessage());
    }

    @Test
    void insideTheRootResolvesToTheRealDirectory() throws Exception {
        Path a = root.resolve("a").toRealPath();
        assertEquals(a, models.resolve("a"));
        assertEquals(a, models.resolve(root.resolve("a").toString()));
        assertEquals(a, models.resolve("b/../a"));
        assertEquals(a, models.resolve("./a/"));
        assertEquals(a, models.resolve("dir-link-in"), "a symlink that stays inside is fine");
    }

    @Test
    void escapesAreRefused() {
        refused("../elsewhere/ckpt", "outside the model root");
        refused("a/../../elsewhere/ckpt", "outside the model root");
        refused(outside.toString(), "outside the model root");
        refused("/etc", "outside the model root");
        refused("..", "outside the model root");
        refused("dir-link-out", "outside the model root");
        refused("file-link-out", "model.safetensors in file-link-out links to");
    }

    @Test
    void missingOrNotADirectoryIsRefused() throws Exception {
        refused("nope", "does not exist");
        Files.writeString(root.resolve("file"), "x");
        refused("file", "not a directory");
        refused("a\0b", "not a valid path");
    }

    @Test
    void theDefaultRootIsTheStartupModelsParent() throws Exception {
        ModelRoot derived = new ModelRoot(Optional.empty(), Optional.of(root.resolve("a")));
        assertEquals(root.resolve("b").toRealPath(), derived.resolve("b"));
        assertThrows(IllegalArgumentException.class, () -> derived.resolve("../elsewhere/ckpt"));
        assertEquals(root.resolve("a"), derived.startupModel(root.resolve("a")), "the operator's own model is not re-checked");
    }

    @Test
    void withNoRootAdminLoadsAreRefused() {
        ModelRoot none = new ModelRoot(Optional.empty(), Optional.empty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> none.resolve(root.resolve("a").toString()));
        assertTrue(e.getMessage().contains("fastmath.model-root"), e.getMessage());
    }

    @Test
    void aConfiguredRootMustHoldTheStartupModel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> models.startupModel(outside));
        assertTrue(e.getMessage().startsWith("fastmath.model "), e.getMessage());
        assertTrue(e.getMessage().contains("outside the model root"), e.getMessage());
    }
}
