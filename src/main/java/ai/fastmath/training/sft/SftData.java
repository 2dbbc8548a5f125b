package ai.fastmath.training.sft;

import ai.fastmath.io.JsonLines;
import ai.fastmath.model.tokenizer.TextTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** OpenR1-style JSONL ({@code problem}, {@code generation}, {@code answer}) rendered into examples. */
public final class SftData {

    /** One line of the file; {@code level} is null when the line has none. */
    public record Row(String id, String problem, String generation, String answer, Integer level) {}

    /**
     * Which lines to train on: after the first {@code skip}, those of the given difficulty levels (empty:
     * all), at most {@code limit} of them (0: no limit).
     */
    public record Selection(int skip, int limit, Set<Integer> levels) {
        public Selection {
            if (skip < 0 || limit < 0) {
                throw new IllegalArgumentException("data: skip and limit must be >= 0");
            }
            levels = levels == null ? Set.of() : Set.copyOf(levels);
        }

        public static Selection first(int limit) {
            return new Selection(0, limit, Set.of());
        }

        boolean wants(Row r) {
            return levels.isEmpty() || (r.level() != null && levels.contains(r.level()));
        }
    }

    private SftData() {}

    /** Reads the first {@code limit} rows (0: all); a bad line fails with the file, the line number and what is wrong. */
    public static List<Row> read(Path file, int limit) {
        return read(file, Selection.first(limit));
    }

    /** Reads the selected rows. */
    public static List<Row> read(Path file, Selection selection) {
        List<Row> rows = new ArrayList<>();
        List<JsonLines.Line> lines = JsonLines.read(file, 0);
        for (JsonLines.Line line : lines.subList(Math.min(selection.skip(), lines.size()), lines.size())) {
            if (selection.limit() > 0 && rows.size() == selection.limit()) {
                break;
            }
            JsonNode n = line.json();
            for (String key : List.of("problem", "generation")) {
                if (!n.path(key).isTextual() || n.path(key).asText().isBlank()) {
                    throw new IllegalArgumentException(file + ": line " + line.number() + " needs a non-empty \"" + key + "\"");
                }
            }
            Row row = new Row(n.path("id").asText("line-" + line.number()), n.get("problem").asText(),
                    n.get("generation").asText(), n.path("answer").isMissingNode() ? null : n.path("answer").asText(),
                    n.path("level").isInt() ? n.get("level").asInt() : null);
            if (selection.wants(row)) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** Renders rows with the chat template and the system prompt; the reply ends with the tokenizer's eos. */
    public static List<SftExample> render(List<Row> rows, TextTokenizer tokenizer, String systemPrompt) {
        int end = tokenizer.eosId();
        return rows.stream().map(r -> SftExample.render(tokenizer, systemPrompt, r.problem(), r.generation(), end)).toList();
    }
}
