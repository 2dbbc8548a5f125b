package ai.fastmath.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The hook for a learned difficulty predictor (the paper's optional "token scheduler"): a relative
 * difficulty for a problem, 1.0 for an average one, 2.0 for one expected to need twice the time.
 * Empty when it has no opinion. Any model can plug in, in process or through a predictions file.
 */
@FunctionalInterface
public interface DifficultyPredictor {

    OptionalDouble difficulty(String problem);

    /**
     * Predictions computed elsewhere: JSONL lines {@code {"id": ..., "difficulty": ...}}, matched to
     * the run's problems by id.
     */
    static DifficultyPredictor fromFile(Path file, List<ProblemSet.Problem> problems) {
        Map<String, String> textById = new HashMap<>();
        problems.forEach(p -> textById.put(p.id(), p.problem()));
        Map<String, Double> byText = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = json.readTree(lines.get(i));
                } catch (IOException e) {
                    throw new IllegalArgumentException(file + ": line " + (i + 1) + " is not JSON");
                }
                JsonNode id = n.get("id");
                JsonNode d = n.get("difficulty");
                if (id == null || d == null || !d.isNumber() || !(d.asDouble() > 0)) {
                    throw new IllegalArgumentException(file + ": line " + (i + 1)
                            + " needs an id and a positive numeric difficulty");
                }
                String text = textById.get(id.asText());
                if (text != null) {
                    byText.put(text, d.asDouble());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("difficulty: cannot read " + file + ": " + e.getMessage(), e);
        }
        return problem -> byText.containsKey(problem) ? OptionalDouble.of(byText.get(problem)) : OptionalDouble.empty();
    }
}
