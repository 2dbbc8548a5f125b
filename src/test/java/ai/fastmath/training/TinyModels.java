package ai.fastmath.training;

import ai.fastmath.model.MemoryTensors;
import ai.fastmath.model.ModelConfig;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.RandomInit;
import ai.fastmath.model.TensorRuntime;
import ai.fastmath.model.tokenizer.TextTokenizer;
import ai.fastmath.training.data.CurriculumTokenizer;
import java.nio.file.Path;
import java.util.List;

/** Tiny random-init Qwen2 models on the curriculum's tokenizer, for trainer tests. */
public final class TinyModels {

    public static final TensorRuntime CPU = TensorRuntime.of("cpu", "float32");

    private TinyModels() {}

    /** Writes the curriculum tokenizer into {@code dir} and loads it. */
    public static TextTokenizer tokenizer(Path dir) {
        CurriculumTokenizer.write(dir);
        return TextTokenizer.load(dir);
    }

    public static int endOfTurn(TextTokenizer tokenizer) {
        return tokenizer.tokenId("<|im_end|>").orElseThrow();
    }

    /** Two layers, 4 heads / 2 KV heads of width hidden / 4, MLP 2 x hidden, 256 positions. */
    public static ModelConfig config(TextTokenizer tokenizer, int hidden) {
        int eos = endOfTurn(tokenizer);
        return ModelConfig.builder().vocabSize(CurriculumTokenizer.vocabSize()).hiddenSize(hidden).intermediateSize(2 * hidden)
                .numLayers(2).numHeads(4).numKvHeads(2).maxPositionEmbeddings(256).bosTokenId(eos).eosTokenIds(List.of(eos)).build();
    }

    public static Qwen2Model trainable(TextTokenizer tokenizer, int hidden, long seed) {
        ModelConfig c = config(tokenizer, hidden);
        return Qwen2Model.buildTrainable(c, new MemoryTensors(RandomInit.tensors(c, seed, 0.02)), CPU);
    }

    /** An inference (no gradient) copy of the same random model. */
    public static Qwen2Model frozen(TextTokenizer tokenizer, int hidden, long seed) {
        ModelConfig c = config(tokenizer, hidden);
        return Qwen2Model.build(c, new MemoryTensors(RandomInit.tensors(c, seed, 0.02)), CPU);
    }
}
