package ai.fastmath.model;

import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.safetensors.NamedTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fresh Qwen2 parameters as transformers initialises them: weights drawn from N(0, std), biases 0,
 * norm weights 1. Seeded, so the same config and seed give the same model.
 */
public final class RandomInit {

    private RandomInit() {}

    /** Parameters under their Hugging Face names, float32. */
    public static List<NamedTensor> tensors(ModelConfig c, long seed, double std) {
        SplittableRandom random = new SplittableRandom(seed);
        List<NamedTensor> out = new ArrayList<>();
        int h = c.hiddenSize();
        out.add(normal("model.embed_tokens.weight", random, std, c.vocabSize(), h));
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            out.add(filled(p + "input_layernorm.weight", 1f, h));
            out.add(normal(p + "self_attn.q_proj.weight", random, std, c.qDim(), h));
            out.add(filled(p + "self_attn.q_proj.bias", 0f, c.qDim()));
            out.add(normal(p + "self_attn.k_proj.weight", random, std, c.kvDim(), h));
            out.add(filled(p + "self_attn.k_proj.bias", 0f, c.kvDim()));
            out.add(normal(p + "self_attn.v_proj.weight", random, std, c.kvDim(), h));
            out.add(filled(p + "self_attn.v_proj.bias", 0f, c.kvDim()));
            out.add(normal(p + "self_attn.o_proj.weight", random, std, h, c.qDim()));
            out.add(filled(p + "post_attention_layernorm.weight", 1f, h));
            out.add(normal(p + "mlp.gate_proj.weight", random, std, c.intermediateSize(), h));
            out.add(normal(p + "mlp.up_proj.weight", random, std, c.intermediateSize(), h));
            out.add(normal(p + "mlp.down_proj.weight", random, std, h, c.intermediateSize()));
        }
        out.add(filled("model.norm.weight", 1f, h));
        if (!c.tieWordEmbeddings()) {
            out.add(normal("lm_head.weight", random, std, c.vocabSize(), h));
        }
        return out;
    }

    private static NamedTensor normal(String name, SplittableRandom r, double std, int rows, int cols) {
        float[] v = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (gaussian(r) * std);
        }
        return NamedTensor.ofFloats(name, DType.F32, new long[] {rows, cols}, v);
    }

    private static NamedTensor filled(String name, float value, int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        return NamedTensor.ofFloats(name, DType.F32, new long[] {n}, v);
    }

    /** Box-Muller on the seeded generator (SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
