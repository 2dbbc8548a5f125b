package ai.fastmath.eval;

import ai.fastmath.io.JsonLines;
import com.fasterxml.jackson.databind.JsonNode;
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
        for (JsonLines.Line line : JsonLines.read(file, 0)) {
            JsonNode id = line.json().get("id");
            JsonNode d = line.json().get("difficulty");
            if (id == null || d == null || !d.isNumber() || !(d.asDouble() > 0)) {
                throw new IllegalArgumentException(file + ": line " + line.number()
                        + " needs an id and a positive numeric difficulty");
            }
            String text = textById.get(id.asText());
            if (text != null) {
                byText.put(text, d.asDouble());
            }
        }
        return problem -> byText.containsKey(problem) ? OptionalDouble.of(byText.get(problem)) : OptionalDouble.empty();
    }
}
