package ai.fastmath.training;

import ai.fastmath.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * {@code metrics.jsonl}: one line per step (any record with a step number); a resumed run drops the lines
 * past its checkpoint.
 */
public final class MetricsLog<T> {

    private final Path file;
    private final Class<T> type;
    private final ToIntFunction<T> step;

    public MetricsLog(Path file, Class<T> type, ToIntFunction<T> step) {
        this.file = file;
        this.type = type;
        this.step = step;
    }

    public void append(T m) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Json.MAPPER.writeValueAsString(m) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public List<T> read() {
        List<T> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    out.add(Json.MAPPER.readValue(line, type));
                } catch (IOException e) {
                    // a line half-written when the run was killed
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Keeps the lines of steps up to {@code step} (the checkpoint a run resumes from). */
    public void keepUpTo(int last) {
        List<T> kept = read().stream().filter(m -> step.applyAsInt(m) <= last).toList();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kept.forEach(this::append);
    }
}
