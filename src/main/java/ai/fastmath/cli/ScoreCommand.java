package ai.fastmath.cli;

import ai.djl.ndarray.NDManager;
import ai.fastmath.model.ForwardBatch;
import ai.fastmath.model.IntraOpThreads;
import ai.fastmath.model.Qwen2Model;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code score}: logits at every position of a token sequence, as JSON (for checking conversions). */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Print the logits at every position of a token sequence as JSON.")
public class ScoreCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Checkpoint directory (Hugging Face layout).")
    Path model;

    @Option(names = "--token-ids", required = true, split = ",", description = "Comma-separated token ids, e.g. 1,2,3.")
    int[] tokenIds;

    @Mixin
    RuntimeOptions runtimeOptions;

    @Override
    public void run() {
        if (tokenIds.length == 0) {
            throw new IllegalArgumentException("--token-ids needs at least one id");
        }
        IntraOpThreads.compute();
        try (Qwen2Model m = Qwen2Model.load(model, runtimeOptions.runtime());
                NDManager scope = m.newScope()) {
            float[] logits = m.forward(scope, ForwardBatch.uncached(List.of(tokenIds)), null).toFloatArray();
            int vocab = m.config().vocabSize();
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            root.put("model", model.toString());
            root.put("runtime", m.runtime().toString());
            ArrayNode ids = root.putArray("input_ids");
            for (int t : tokenIds) {
                ids.add(t);
            }
            ArrayNode rows = root.putArray("logits");
            for (int p = 0; p < tokenIds.length; p++) {
                ArrayNode row = rows.addArray();
                for (int v = 0; v < vocab; v++) {
                    row.add(logits[p * vocab + v]);
                }
            }
            spec.commandLine().getOut().println(root);
            spec.commandLine().getOut().flush();
        }
    }
}
