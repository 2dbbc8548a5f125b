package ai.fastmath.model;

import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.safetensors.NamedTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Fresh Qwen2 parameters as transformers initialises them: weights drawn from N(0, std), biases 0,
 * norm weights 1. Seeded, so the same config and seed give the same model.
 */
public final class RandomInit {

    private RandomInit() {}

    /** Parameters under their Hugging Face names, float32. */
    public static List<NamedTensor> tensors(ModelConfig c, long seed, double std) {
        List<NamedTensor> out = new ArrayList<>();
        forEach(c, seed, std, DType.F32, out::add);
        return out;
    }

    /**
     * One parameter: its name, shape, and how it starts (N(0, std) when {@code normal}, else filled
     * with {@code fill}).
     */
    public record Spec(String name, long[] shape, boolean normal, float fill) {

        public long numel() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** Every parameter of a config, in the order {@link #forEach} draws them. */
    public static List<Spec> specs(ModelConfig c) {
        List<Spec> out = new ArrayList<>();
        int h = c.hiddenSize();
        out.add(normal("model.embed_tokens.weight", c.vocabSize(), h));
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            out.add(filled(p + "input_layernorm.weight", 1f, h));
            out.add(normal(p + "self_attn.q_proj.weight", c.qDim(), h));
            out.add(filled(p + "self_attn.q_proj.bias", 0f, c.qDim()));
            out.add(normal(p + "self_attn.k_proj.weight", c.kvDim(), h));
            out.add(filled(p + "self_attn.k_proj.bias", 0f, c.kvDim()));
            out.add(normal(p + "self_attn.v_proj.weight", c.kvDim(), h));
            out.add(filled(p + "self_attn.v_proj.bias", 0f, c.kvDim()));
            out.add(normal(p + "self_attn.o_proj.weight", h, c.qDim()));
            out.add(filled(p + "post_attention_layernorm.weight", 1f, h));
            out.add(normal(p + "mlp.gate_proj.weight", c.intermediateSize(), h));
            out.add(normal(p + "mlp.up_proj.weight", c.intermediateSize(), h));
            out.add(normal(p + "mlp.down_proj.weight", h, c.intermediateSize()));
        }
        out.add(filled("model.norm.weight", 1f, h));
        if (!c.tieWordEmbeddings()) {
            out.add(normal("lm_head.weight", c.vocabSize(), h));
        }
        return out;
    }

    /**
     * Draws the parameters one at a time, in {@code dtype}, and hands each to {@code sink}: a model of
     * billions of parameters never needs to be in memory at once.
     */
    public static void forEach(ModelConfig c, long seed, double std, DType dtype, Consumer<NamedTensor> sink) {
        forEach(specs(c), new SplittableRandom(seed), std, dtype, sink);
    }

    /**
     * {@link #forEach(ModelConfig, long, double, DType, Consumer)} over some of the specs, drawn from
     * {@code random} in their order: a caller that draws a model part by part, with one generator, gets
     * the same parameters as one that draws it whole.
     */
    public static void forEach(List<Spec> specs, SplittableRandom random, double std, DType dtype, Consumer<NamedTensor> sink) {
        for (Spec spec : specs) {
            float[] v = new float[Math.toIntExact(spec.numel())];
            if (spec.normal()) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (gaussian(random) * std);
                }
            } else {
                java.util.Arrays.fill(v, spec.fill());
            }
            sink.accept(NamedTensor.ofFloats(spec.name(), dtype, spec.shape(), v));
        }
    }

    private static Spec normal(String name, int rows, int cols) {
        return new Spec(name, new long[] {rows, cols}, true, 0f);
    }

    private static Spec filled(String name, float value, int n) {
        return new Spec(name, new long[] {n}, false, value);
    }

    /** Box-Muller on the seeded generator (SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
