package ai.fastmath.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.fastmath.model.safetensors.DType;
import ai.fastmath.model.safetensors.NamedTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a Qwen2 decoder on a device. Query/key/value projections are fused into one
 * matrix and gate/up into another, so a layer runs two matrix multiplies where the checkpoint has
 * five; {@link #toNamedTensors} splits them back into Hugging Face names.
 */
public final class Qwen2Weights {

    /** One decoder layer. */
    public record Layer(
            NDArray inputNorm, // (hidden)
            NDArray qkvWeight, // (qDim + 2 * kvDim, hidden)
            NDArray qkvBias, // (qDim + 2 * kvDim)
            NDArray oWeight, // (hidden, qDim)
            NDArray postNorm, // (hidden)
            NDArray gateUpWeight, // (2 * intermediate, hidden)
            NDArray downWeight) { // (hidden, intermediate)
    }

    public final NDArray embed; // (vocab, hidden)
    public final List<Layer> layers;
    public final NDArray finalNorm; // (hidden)
    public final NDArray lmHead; // (vocab, hidden); the embedding itself when tied

    private final ModelConfig config;

    private Qwen2Weights(ModelConfig config, NDArray embed, List<Layer> layers, NDArray finalNorm, NDArray lmHead) {
        this.config = config;
        this.embed = embed;
        this.layers = layers;
        this.finalNorm = finalNorm;
        this.lmHead = lmHead;
    }

    /**
     * One trainable array under a stable name. {@code decay} is false for norms and biases (the
     * vectors), which decoupled weight decay leaves alone.
     */
    public record Param(String name, NDArray array, boolean decay) {}

    /** Every distinct parameter array (a tied head is the embedding, listed once), in a fixed order. */
    public List<Param> parameters() {
        List<Param> out = new ArrayList<>();
        out.add(new Param("embed", embed, true));
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String p = "layers." + i + ".";
            out.add(new Param(p + "input_norm", l.inputNorm, false));
            out.add(new Param(p + "qkv_weight", l.qkvWeight, true));
            out.add(new Param(p + "qkv_bias", l.qkvBias, false));
            out.add(new Param(p + "o_weight", l.oWeight, true));
            out.add(new Param(p + "post_norm", l.postNorm, false));
            out.add(new Param(p + "gate_up_weight", l.gateUpWeight, true));
            out.add(new Param(p + "down_weight", l.downWeight, true));
        }
        out.add(new Param("final_norm", finalNorm, false));
        if (lmHead != embed) {
            out.add(new Param("lm_head", lmHead, true));
        }
        return out;
    }

    /**
     * The matrices a forward pass multiplies by (every layer's projections, then the head), which each
     * decode step streams whole; an untied embedding is only gathered from.
     */
    public List<NDArray> productMatrices() {
        List<NDArray> out = new ArrayList<>();
        for (Layer l : layers) {
            out.addAll(List.of(l.qkvWeight, l.oWeight, l.gateUpWeight, l.downWeight));
        }
        out.add(lmHead);
        return out;
    }

    /** Loads and validates every tensor the config implies, all in {@code dtype}, attached to {@code manager}. */
    public static Qwen2Weights load(ModelConfig c, TensorSource src, NDManager manager, DataType dtype) {
        return load(c, src, manager, dtype, dtype);
    }

    /**
     * Loads and validates every tensor the config implies: the matrices (embedding, projections, head)
     * in {@code matrices}, the vectors (norms, biases) in {@code vectors}; attached to {@code manager}.
     */
    public static Qwen2Weights load(ModelConfig c, TensorSource src, NDManager manager, DataType matrices, DataType vectors) {
        long h = c.hiddenSize();
        TensorLoader loader = new TensorLoader(manager, matrices);
        TensorLoader vectorLoader = matrices == vectors ? loader : new TensorLoader(manager, vectors);
        NDArray embed = loader.load(src, "model.embed_tokens.weight", c.vocabSize(), h);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            NDArray q = loader.load(src, p + "self_attn.q_proj.weight", c.qDim(), h);
            NDArray k = loader.load(src, p + "self_attn.k_proj.weight", c.kvDim(), h);
            NDArray v = loader.load(src, p + "self_attn.v_proj.weight", c.kvDim(), h);
            NDArray qb = vectorLoader.load(src, p + "self_attn.q_proj.bias", c.qDim());
            NDArray kb = vectorLoader.load(src, p + "self_attn.k_proj.bias", c.kvDim());
            NDArray vb = vectorLoader.load(src, p + "self_attn.v_proj.bias", c.kvDim());
            NDArray gate = loader.load(src, p + "mlp.gate_proj.weight", c.intermediateSize(), h);
            NDArray up = loader.load(src, p + "mlp.up_proj.weight", c.intermediateSize(), h);
            layers.add(new Layer(
                    vectorLoader.load(src, p + "input_layernorm.weight", h),
                    fuse(q, k, v),
                    fuse(qb, kb, vb),
                    loader.load(src, p + "self_attn.o_proj.weight", h, c.qDim()),
                    vectorLoader.load(src, p + "post_attention_layernorm.weight", h),
                    fuse(gate, up),
                    loader.load(src, p + "mlp.down_proj.weight", h, c.intermediateSize())));
        }
        NDArray norm = vectorLoader.load(src, "model.norm.weight", h);
        NDArray head = c.tieWordEmbeddings()
                ? embed
                : loader.load(src, "lm_head.weight", c.vocabSize(), h);
        return new Qwen2Weights(c, embed, List.copyOf(layers), norm, head);
    }

    private static NDArray fuse(NDArray... parts) {
        NDList list = new NDList(parts);
        NDArray fused = NDArrays.concat(list, 0);
        list.close();
        return fused;
    }

    /** The parameters under their Hugging Face names, fused matrices split back, in {@code dtype}. */
    public List<NamedTensor> toNamedTensors(DType dtype) {
        List<NamedTensor> out = new ArrayList<>();
        ModelConfig c = config;
        out.add(named("model.embed_tokens.weight", embed, dtype));
        long q = c.qDim();
        long kv = c.kvDim();
        long inter = c.intermediateSize();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String p = "model.layers." + i + ".";
            out.add(named(p + "input_layernorm.weight", l.inputNorm, dtype));
            out.addAll(unfuse(l.qkvWeight, dtype, new long[] {q, kv, kv},
                    p + "self_attn.q_proj.weight", p + "self_attn.k_proj.weight", p + "self_attn.v_proj.weight"));
            out.addAll(unfuse(l.qkvBias, dtype, new long[] {q, kv, kv},
                    p + "self_attn.q_proj.bias", p + "self_attn.k_proj.bias", p + "self_attn.v_proj.bias"));
            out.add(named(p + "self_attn.o_proj.weight", l.oWeight, dtype));
            out.add(named(p + "post_attention_layernorm.weight", l.postNorm, dtype));
            out.addAll(unfuse(l.gateUpWeight, dtype, new long[] {inter, inter},
                    p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight"));
            out.add(named(p + "mlp.down_proj.weight", l.downWeight, dtype));
        }
        out.add(named("model.norm.weight", finalNorm, dtype));
        if (!c.tieWordEmbeddings()) {
            out.add(named("lm_head.weight", lmHead, dtype));
        }
        return out;
    }

    /** Splits a fused array along its rows into parts of {@code rows[i]} rows named {@code names[i]}. */
    private static List<NamedTensor> unfuse(NDArray fused, DType dtype, long[] rows, String... names) {
        long[] shape = fused.getShape().getShape();
        long rowSize = fused.getShape().size() / shape[0];
        float[] all = hostFloats(fused);
        List<NamedTensor> out = new ArrayList<>();
        long from = 0;
        for (int i = 0; i < rows.length; i++) {
            long[] partShape = shape.clone();
            partShape[0] = rows[i];
            float[] part = java.util.Arrays.copyOfRange(all, (int) (from * rowSize), (int) ((from + rows[i]) * rowSize));
            out.add(NamedTensor.ofFloats(names[i], dtype, partShape, part));
            from += rows[i];
        }
        return out;
    }

    private static NamedTensor named(String name, NDArray a, DType dtype) {
        return NamedTensor.ofFloats(name, dtype, a.getShape().getShape(), hostFloats(a));
    }

    /** Copies an array to the host as float32 without creating arrays on its (capped) manager. */
    static float[] hostFloats(NDArray a) {
        ByteBuffer bytes = a.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[Math.toIntExact(a.size())];
        if (a.getDataType() == DataType.FLOAT32) {
            bytes.asFloatBuffer().get(out);
        } else if (a.getDataType() == DataType.FLOAT16) {
            for (int i = 0; i < out.length; i++) {
                out[i] = DType.f16ToF32(bytes.getShort());
            }
        } else {
            throw new IllegalStateException("unexpected parameter dtype " + a.getDataType());
        }
        return out;
    }
}
