package ai.fastmath.training.sft;

import ai.fastmath.eval.JsonLines;
import ai.fastmath.model.tokenizer.TextTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** OpenR1-style JSONL ({@code problem}, {@code generation}, {@code answer}) rendered into examples. */
public final class SftData {

    /** One line of the file. */
    public record Row(String id, String problem, String generation, String answer) {}

    private SftData() {}

    /** Reads the rows; a bad line fails with the file, the line number and what is wrong. */
    public static List<Row> read(Path file, int limit) {
        List<Row> rows = new ArrayList<>();
        for (JsonLines.Line line : JsonLines.read(file, limit)) {
            JsonNode n = line.json();
            for (String key : List.of("problem", "generation")) {
                if (!n.path(key).isTextual() || n.path(key).asText().isBlank()) {
                    throw new IllegalArgumentException(file + ": line " + line.number() + " needs a non-empty \"" + key + "\"");
                }
            }
            rows.add(new Row(n.path("id").asText("line-" + line.number()), n.get("problem").asText(),
                    n.get("generation").asText(), n.path("answer").isMissingNode() ? null : n.path("answer").asText()));
        }
        return rows;
    }

    /** Renders rows with the chat template and the system prompt; the reply ends with the tokenizer's eos. */
    public static List<SftExample> render(List<Row> rows, TextTokenizer tokenizer, String systemPrompt) {
        String eos = tokenizer.eosToken().orElseThrow(
                () -> new IllegalArgumentException("the tokenizer names no eos_token to end the reply with"));
        int end = tokenizer.tokenId(eos).orElseThrow(() -> new IllegalArgumentException("eos " + eos + " has no id"));
        return rows.stream().map(r -> SftExample.render(tokenizer, systemPrompt, r.problem(), r.generation(), end)).toList();
    }
}
