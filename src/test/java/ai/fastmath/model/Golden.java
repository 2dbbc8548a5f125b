package ai.fastmath.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The golden checkpoints under test resources and their reference logits. */
public final class Golden {

    public static final String F32 = "qwen2-tiny-random-f32";
    public static final String BF16_SHARDED = "qwen2-tiny-random-bf16-sharded";

    /** One reference case: input ids, logits at every position, 12 greedy tokens. */
    public record Case(int[] inputIds, float[][] logits, int[] greedy) {}

    private Golden() {}

    public static Path dir(String name) {
        try {
            return Path.of(Objects.requireNonNull(Golden.class.getResource("/golden/" + name + "/config.json")).toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Case> cases(String name) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(dir(name).resolve("expected.json")));
        List<Case> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            int[] ids = ints(c.get("input_ids"));
            float[][] logits = new float[c.get("logits").size()][];
            for (int i = 0; i < logits.length; i++) {
                JsonNode row = c.get("logits").get(i);
                logits[i] = new float[row.size()];
                for (int j = 0; j < row.size(); j++) {
                    logits[i][j] = (float) row.get(j).asDouble();
                }
            }
            out.add(new Case(ids, logits, ints(c.get("greedy_next_12"))));
        }
        return out;
    }

    private static int[] ints(JsonNode n) {
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }
}
