package ai.fastmath.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSONL input files (problem sets, predictions, training data): blank lines skipped, a line
 * that is not JSON fails with the file and line number.
 */
public final class JsonLines {

    /** One parsed line and its 1-based number, for error messages. */
    public record Line(int number, JsonNode json) {}

    private JsonLines() {}

    /** Every non-blank line, parsed; at most {@code limit} of them (0: all). */
    public static List<Line> read(Path file, int limit) {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Utf8Files.read(file).lines().toList();
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size() && (limit <= 0 || out.size() < limit); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(new Line(i + 1, json.readTree(lines.get(i))));
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " is not JSON: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return out;
    }
}
