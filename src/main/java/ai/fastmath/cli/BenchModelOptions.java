package ai.fastmath.cli;

import ai.fastmath.model.Geometry;
import ai.fastmath.model.MemoryTensors;
import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.RandomInit;
import ai.fastmath.model.TensorRuntime;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The model a benchmark runs: a checkpoint, or a random-init Qwen2 of given sizes. */
public class BenchModelOptions {

    /** A model and how to describe it in a report. */
    record Loaded(Qwen2Model model, String description) {}

    @Option(names = "--model", description = "Checkpoint directory; without it a random-init model of the sizes below.")
    Path model;

    @Option(names = "--geometry", description = {"A real model's published geometry, random-init: r1-distill-1.5b, qwen2.5-0.5b,",
        "qwen2-7b or r1-distill-14b; written once as BF16 shards under $FASTMATH_CACHE (default ~/.cache/fastmath)/geometries."})
    String geometry;

    @Option(names = "--hidden", defaultValue = "512", description = "Random-init hidden size (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", defaultValue = "8", description = "Random-init layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--heads", defaultValue = "8", description = "Random-init query heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--kv-heads", defaultValue = "4", description = "Random-init key/value heads (default: ${DEFAULT-VALUE}).")
    int kvHeads;

    @Option(names = "--intermediate", defaultValue = "1408", description = "Random-init MLP width (default: ${DEFAULT-VALUE}).")
    int intermediate;

    @Option(names = "--vocab", defaultValue = "4096", description = "Random-init vocabulary (default: ${DEFAULT-VALUE}).")
    int vocab;

    Loaded open(TensorRuntime runtime) {
        if (geometry != null) {
            if (model != null) {
                throw new IllegalArgumentException("give --model or --geometry, not both");
            }
            Geometry g = Geometry.of(geometry);
            Path dir = g.ensure(Geometry.cacheRoot(), shard -> System.err.println("geometry " + g.id() + ": wrote " + shard));
            return new Loaded(Qwen2Model.load(dir, runtime), g.id() + " geometry, random-init BF16 (" + dir + ")");
        }
        if (model != null) {
            return new Loaded(Qwen2Model.load(model, runtime), model.toString());
        }
        ModelConfig c = ModelConfig.of(vocab, hidden, intermediate, layers, heads, kvHeads);
        Qwen2Model m = Qwen2Model.build(c, new MemoryTensors(RandomInit.tensors(c, 0, 0.02)), runtime);
        return new Loaded(m, String.format("random-init hidden %d, %d layers, %d/%d heads, intermediate %d, vocab %d",
                hidden, layers, heads, kvHeads, intermediate, vocab));
    }
}
