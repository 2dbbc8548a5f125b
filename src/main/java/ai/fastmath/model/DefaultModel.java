package ai.fastmath.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The checkpoint FastMath uses when none is named: the one the training module trained and committed.
 * {@code training/models/DEFAULT} (relative to the working directory: a clone's root, or the
 * container's application directory) holds the name of a checkpoint directory beside it; each
 * training stage that produces a better model points it at its output.
 */
public final class DefaultModel {

    /** The pointer file, relative to the working directory. */
    public static final Path POINTER = Path.of("training", "models", "DEFAULT");

    private DefaultModel() {}

    /**
     * The default checkpoint under {@code root}, if a pointer is there.
     *
     * @throws CheckpointException when the pointer names no checkpoint (a broken default is an error,
     *     not a silent fall-back to nothing)
     */
    public static Optional<Path> locate(Path root) {
        Path pointer = root.resolve(POINTER);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        String name;
        try {
            name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer + ": " + e.getMessage(), e);
        }
        Path dir = pointer.getParent().resolve(name).normalize();
        if (name.isEmpty() || !dir.startsWith(pointer.getParent()) || !Files.isRegularFile(dir.resolve("config.json"))) {
            throw new CheckpointException(pointer + " names '" + name + "', which is not a checkpoint directory beside it");
        }
        return Optional.of(dir);
    }
}
