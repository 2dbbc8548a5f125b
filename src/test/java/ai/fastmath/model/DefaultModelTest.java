package ai.fastmath.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** training/models/DEFAULT: the committed checkpoint used when none is named. */
class DefaultModelTest {

    @TempDir
    Path root;

    @Test
    void followsThePointerToACheckpointBesideIt() throws Exception {
        assertEquals(Optional.empty(), DefaultModel.locate(root), "no pointer, no default");
        Path models = Files.createDirectories(root.resolve("training/models"));
        Files.createDirectories(models.resolve("base"));
        Files.writeString(models.resolve("base/config.json"), "{}");
        Files.writeString(models.resolve("DEFAULT"), "base\n");
        assertEquals(models.resolve("base"), DefaultModel.locate(root).orElseThrow());

        Files.writeString(models.resolve("DEFAULT"), "missing");
        CheckpointException e = assertThrows(CheckpointException.class, () -> DefaultModel.locate(root));
        assertTrue(e.getMessage().contains("'missing'"), e.getMessage());
        Files.writeString(models.resolve("DEFAULT"), "../../elsewhere");
        assertThrows(CheckpointException.class, () -> DefaultModel.locate(root), "only a directory beside the pointer");
    }
}
