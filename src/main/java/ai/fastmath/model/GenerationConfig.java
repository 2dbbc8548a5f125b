package ai.fastmath.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a checkpoint's {@code generation_config.json} says about where its samples end: the
 * {@code stop_strings} (transformers' key) at which generation is cut, besides the end-of-turn token.
 * Where to stop belongs to the model: a stage-1 model that boxes its answer after {@code </think>}
 * has none and is served to the end of its turn; a stage-2 model lists {@code </think>} and is cut
 * there. A checkpoint without the file or the key stops only at the end of its turn. Its
 * {@code max_new_tokens}, where given, is how long a sample may run when the caller does not say.
 */
public record GenerationConfig(List<String> stopStrings, Optional<Integer> maxNewTokens) {

    public static final String FILE = "generation_config.json";

    /** No stop strings: every sample runs to the end of its turn (or its token limit). */
    public static final GenerationConfig END_OF_TURN = new GenerationConfig(List.of(), Optional.empty());

    private static final ObjectMapper JSON = new ObjectMapper();

    public GenerationConfig {
        stopStrings = List.copyOf(stopStrings);
    }

    /** Stop strings only, no token limit of its own. */
    public GenerationConfig(List<String> stopStrings) {
        this(stopStrings, Optional.empty());
    }

    /**
     * Reads {@code dir/generation_config.json}; {@link #END_OF_TURN} when there is none.
     *
     * @throws CheckpointException when the file is not JSON or {@code stop_strings} is neither a string
     *     nor a list of non-empty strings
     */
    public static GenerationConfig load(Path dir) {
        Path file = dir.resolve(FILE);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            return END_OF_TURN;
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file + ": not a JSON object");
        }
        JsonNode stop = root.path("stop_strings");
        Optional<Integer> maxNew = maxNewTokens(file, root.path("max_new_tokens"));
        if (stop.isMissingNode() || stop.isNull()) {
            return new GenerationConfig(List.of(), maxNew);
        }
        List<String> strings = new ArrayList<>();
        if (stop.isTextual()) {
            strings.add(stop.asText()); // transformers accepts a single string too
        } else if (stop.isArray()) {
            stop.forEach(s -> strings.add(s.isTextual() ? s.asText() : null));
        }
        if ((!stop.isTextual() && !stop.isArray()) || strings.stream().anyMatch(s -> s == null || s.isEmpty())) {
            throw new CheckpointException(file + ": stop_strings must be a string or a list of non-empty strings, got " + stop);
        }
        return new GenerationConfig(strings, maxNew);
    }

    /** {@code max_new_tokens}: a positive integer, or absent. */
    private static Optional<Integer> maxNewTokens(Path file, JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1) {
            throw new CheckpointException(file + ": max_new_tokens must be a positive integer, got " + n);
        }
        return Optional.of(n.intValue());
    }

    /** The stop strings to sample with: none when {@code fullOutput} overrides the model's own. */
    public List<String> stops(boolean fullOutput) {
        return fullOutput ? List.of() : stopStrings;
    }
}
