package ai.fastmath.api;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory checkpoints may be loaded from ({@code fastmath.model-root}; default: the parent
 * directory of {@code fastmath.model}). A requested directory is resolved against it (absolute paths
 * as they are), normalised and its symlinks resolved ({@code toRealPath}); it is refused unless it and
 * every entry in it (a weight file may be a symlink) lie inside the root. Refusals are
 * {@link IllegalArgumentException}s naming the field {@code path} (HTTP 400).
 */
@Singleton
public class ModelRoot {

    private final Optional<Path> configured;
    private final Optional<Path> root;

    @Inject
    public ModelRoot(ServingConfig config) {
        this(config.modelRoot().map(Path::of), config.model().map(Path::of));
    }

    /**
     * @param configured {@code fastmath.model-root}, if set
     * @param startupModel {@code fastmath.model}, if set: its parent is the root when none is configured
     */
    public ModelRoot(Optional<Path> configured, Optional<Path> startupModel) {
        this.configured = configured;
        this.root = configured.or(() -> startupModel.map(m -> m.toAbsolutePath().normalize().getParent()));
    }

    /** The root as configured or derived, before symlinks are resolved. */
    public Optional<Path> root() {
        return root;
    }

    /**
     * The real directory a request names, if it lies inside the root.
     *
     * @throws IllegalArgumentException "path: ..." when there is no root, or the path escapes it or does not exist
     */
    public Path resolve(String requested) {
        Path base = realRoot();
        Path lexical;
        try {
            lexical = base.resolve(requested).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("path: not a valid path: " + e.getReason());
        }
        // before touching the file system: nothing outside the root is even looked at (the root as
        // written counts too, in case it reaches its real directory through a symlink)
        if (!lexical.startsWith(base) && !lexical.startsWith(root.get().toAbsolutePath().normalize())) {
            throw outside(requested, base);
        }
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("path: " + requested + " does not exist in the model root " + base);
        } catch (IOException e) {
            throw new IllegalArgumentException("path: cannot read " + requested + ": " + e.getMessage());
        }
        if (!real.startsWith(base)) {
            throw new IllegalArgumentException("path: " + requested + " leads (through a symlink) to " + real
                    + ", outside the model root " + base + " (fastmath.model-root)");
        }
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException("path: " + requested + " is not a directory");
        }
        for (Path entry : entries(real)) {
            Path target;
            try {
                target = entry.toRealPath();
            } catch (IOException e) {
                throw new IllegalArgumentException("path: " + entry.getFileName() + " in " + requested
                        + " cannot be resolved (a dangling symlink?): " + e.getMessage());
            }
            if (!target.startsWith(base)) {
                throw new IllegalArgumentException("path: " + entry.getFileName() + " in " + requested + " links to " + target
                        + ", outside the model root " + base + " (fastmath.model-root)");
            }
        }
        return real;
    }

    /**
     * The start-up model ({@code fastmath.model}, the operator's own setting): checked only against a
     * root that is configured; a derived root contains it by construction.
     */
    public Path startupModel(Path model) {
        if (configured.isEmpty()) {
            return model;
        }
        try {
            return resolve(model.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fastmath.model " + e.getMessage().replaceFirst("^path: ", ""), e);
        }
    }

    private Path realRoot() {
        Path r = root.orElseThrow(() -> new IllegalArgumentException("path: admin loads are refused: no model root is "
                + "set (set fastmath.model-root, or fastmath.model, whose parent directory becomes the root)"));
        try {
            return r.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("path: the model root " + r + " does not exist (fastmath.model-root)");
        }
    }

    private static IllegalArgumentException outside(String requested, Path base) {
        return new IllegalArgumentException("path: " + requested + " is outside the model root " + base
                + " (fastmath.model-root)");
    }

    private static List<Path> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
