package ai.fastmath.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.fastmath.model.kv.KvCache;
import ai.fastmath.model.nn.RmsNorm;
import ai.fastmath.model.nn.RotaryEmbedding;
import ai.fastmath.model.safetensors.TensorStore;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The Qwen2 decoder (DeepSeek-R1-Distill-Qwen, Fast-Math-R1, FastMath's own models) on DJL: token
 * embedding, per layer RMSNorm, attention with biased q/k/v projections, rotate-half RoPE and grouped
 * query heads, a SwiGLU MLP, then a final norm and the (possibly tied) output head.
 *
 * <p>{@link #forward} runs any mix of prefills and decodes in one step against a paged
 * {@link KvCache}, or whole sequences without a cache. All temporaries live in the caller's scope;
 * the weights' manager is capped so nothing can leak onto it.
 */
public final class Qwen2Model implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Qwen2Model.class);

    private final ModelConfig config;
    private final TensorRuntime runtime;
    private final NDManager manager;
    private final Qwen2Weights weights;
    private final RotaryEmbedding rope;
    private final WeightProducts products;

    private Qwen2Model(ModelConfig config, TensorRuntime runtime, NDManager manager, Qwen2Weights weights,
            WeightProducts products) {
        this.config = config;
        this.runtime = runtime;
        this.manager = manager;
        this.weights = weights;
        this.products = products;
        this.rope = new RotaryEmbedding(config.headDim(), config.ropeTheta());
    }

    /**
     * Loads a Hugging Face checkpoint directory (config.json and safetensors). On the CPU a model that
     * cannot fit is refused before a byte is read, not killed halfway by the OOM killer; with the dtype
     * {@code auto} one that does not fit in float32 loads with float16 weights.
     */
    public static Qwen2Model load(Path dir, TensorRuntime runtime) {
        ModelConfig config = ModelConfig.load(dir);
        TensorRuntime fitted = runtime;
        if (!runtime.device().isGpu()) {
            OptionalLong available = MemoryFit.available();
            if (available.isPresent()) {
                fitted = runtime.fitting(MemoryFit.weightBytes(config, DataType.FLOAT32), available.getAsLong());
                if (fitted != runtime) {
                    LOG.infof("%s: float32 weights (%.1f GB) do not fit in %.1f GB available: loading float16 weights",
                            dir, MemoryFit.weightBytes(config, DataType.FLOAT32) / 1e9, available.getAsLong() / 1e9);
                }
                MemoryFit.check(dir, config, fitted.dtype(), available.getAsLong());
            }
        }
        try (TensorStore store = TensorStore.open(dir)) {
            return build(config, new CheckpointTensors(store), fitted);
        }
    }

    /**
     * Builds a model from named tensors (a checkpoint, random initialisation, a trainer). With float16
     * weights and float32 activations it keeps float32 copies of the matrices where memory allows
     * (their bytes plus twice {@link MemoryFit#HEADROOM_BYTES} free) and picks each product per batch
     * ({@link WeightProducts}).
     */
    public static Qwen2Model build(ModelConfig config, TensorSource tensors, TensorRuntime runtime) {
        return build(config, tensors, runtime, (weights, manager) -> {
            if (!runtime.mixed()) {
                return WeightProducts.direct();
            }
            List<NDArray> matrices = weights.productMatrices();
            long copies = matrices.stream().mapToLong(m -> m.size() * 4).sum();
            OptionalLong available = MemoryFit.available();
            if (available.isPresent() && copies + 2 * MemoryFit.HEADROOM_BYTES > available.getAsLong()) {
                LOG.infof("float16 weights only: float32 copies (%.1f GB) do not fit in %.1f GB available",
                        copies / 1e9, available.getAsLong() / 1e9);
                return WeightProducts.halfOnly();
            }
            WeightProducts p = WeightProducts.calibrated(matrices, manager);
            LOG.infof("float16 weights with %s", p.describe());
            return p;
        });
    }

    /** {@link #build} with float32 copies and the float16 product for at most {@code halfRows} rows (tests). */
    static Qwen2Model buildMixed(ModelConfig config, TensorSource tensors, int halfRows) {
        return build(config, tensors, TensorRuntime.cpuHalfWeights(),
                (weights, manager) -> WeightProducts.fixed(weights.productMatrices(), manager, halfRows));
    }

    private static Qwen2Model build(ModelConfig config, TensorSource tensors, TensorRuntime runtime,
            BiFunction<Qwen2Weights, NDManager, WeightProducts> products) {
        NDManager manager = runtime.newManager();
        try {
            Qwen2Weights weights = Qwen2Weights.load(config, tensors, manager, runtime.dtype(), runtime.activations());
            WeightProducts p = products.apply(weights, manager);
            manager.cap();
            return new Qwen2Model(config, runtime, manager, weights, p);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Builds a model whose parameters record gradients, for a trainer: its manager is not capped
     * (gradients are created on it) and every {@link Qwen2Weights#parameters() parameter} requires a
     * gradient. Inference on it works as on any model; run it inside a gradient collector to train.
     */
    public static Qwen2Model buildTrainable(ModelConfig config, TensorSource tensors, TensorRuntime runtime) {
        NDManager manager = runtime.newManager();
        try {
            Qwen2Weights weights = Qwen2Weights.load(config, tensors, manager, runtime.dtype());
            weights.parameters().forEach(p -> p.array().setRequiresGradient(true));
            return new Qwen2Model(config, runtime, manager, weights, WeightProducts.direct());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** {@link #buildTrainable} from a Hugging Face checkpoint directory. */
    public static Qwen2Model loadTrainable(Path dir, TensorRuntime runtime) {
        ModelConfig config = ModelConfig.load(dir);
        try (TensorStore store = TensorStore.open(dir)) {
            return buildTrainable(config, new CheckpointTensors(store), runtime);
        }
    }

    public ModelConfig config() {
        return config;
    }

    public TensorRuntime runtime() {
        return runtime;
    }

    public Qwen2Weights weights() {
        return weights;
    }

    /** How the weight matrices meet the activations (float16 or float32 per batch, or direct). */
    public WeightProducts products() {
        return products;
    }

    /** Bytes the weights hold on the device: every parameter in its dtype, plus float32 copies where kept. */
    public long weightBytes() {
        long bytes = products.copyBytes();
        for (Qwen2Weights.Param p : weights.parameters()) {
            bytes += p.array().size() * p.array().getDataType().getNumOfBytes();
        }
        return bytes;
    }

    /** Arrays alive under the model's manager, open step scopes included (a leak check). */
    public int liveArrays() {
        return manager.getManagedArrays().size();
    }

    /** A new scope for one step's temporaries, on the model's device. */
    public NDManager newScope() {
        return manager.newSubManager();
    }

    /**
     * Runs one step.
     *
     * @param scope owner of every temporary and of the result; close it when done with the logits
     * @param batch the new tokens of each sequence
     * @param cache the KV cache the batch's slots refer to; {@code null} for an uncached batch
     * @return float32 logits, (new tokens if {@code batch.allLogits()}, else one row per chunk; vocab)
     */
    public NDArray forward(NDManager scope, ForwardBatch batch, KvCache cache) {
        if (batch.cached() && cache == null) {
            throw new IllegalArgumentException("batch refers to cache slots but no cache was given");
        }
        for (ForwardBatch.Chunk c : batch.chunks()) {
            for (int t : c.tokens()) {
                if (t < 0 || t >= config.vocabSize()) {
                    throw new IllegalArgumentException(
                            "token id " + t + " outside the vocabulary [0, " + config.vocabSize() + ")");
                }
            }
            if (c.end() > config.maxPositionEmbeddings()) {
                throw new IllegalArgumentException(
                        "position " + c.end() + " beyond max_position_embeddings " + config.maxPositionEmbeddings());
            }
        }
        BatchLayout layout = new BatchLayout(batch, scope, config);
        DataType dtype = runtime.activations();
        NDList tables = rope.tables(layout.positions, dtype);
        NDArray h = gatherRows(layout.tokenIds, weights.embed); // (n, hidden)
        if (h.getDataType() != dtype) {
            h = into(scope, h.toType(dtype, false));
        }
        for (int l = 0; l < config.numLayers(); l++) {
            try (NDManager layerScope = scope.newSubManager()) {
                h.attach(layerScope); // the residual stream is dropped with the layer's temporaries
                NDArray out = layer(l, h, layout, tables, cache);
                out.attach(scope);
                h = out;
            }
        }
        NDArray last = layout.logitRows == null ? h : gatherRows(layout.logitRows, h);
        NDArray logits = products.linear(RmsNorm.apply(last, weights.finalNorm, layout.normEps), weights.lmHead, null);
        return logits.getDataType() == DataType.FLOAT32 ? logits : logits.toType(DataType.FLOAT32, false);
    }

    /** One decoder layer: (n, hidden) -> (n, hidden). */
    private NDArray layer(int l, NDArray h, BatchLayout layout, NDList tables, KvCache cache) {
        Qwen2Weights.Layer w = weights.layers.get(l);
        int n = layout.tokens;
        int heads = config.numHeads();
        int kvHeads = config.numKvHeads();
        int hd = config.headDim();

        NDArray x = RmsNorm.apply(h, w.inputNorm(), layout.normEps);
        NDArray qkv = products.linear(x, w.qkvWeight(), w.qkvBias()); // (n, qDim + 2 kvDim)
        NDList parts = qkv.split(new long[] {config.qDim() + config.kvDim()}, 1);
        NDArray qk = RotaryEmbedding.apply(parts.get(0).reshape(n, heads + kvHeads, hd), tables);
        NDList qAndK = qk.split(new long[] {heads}, 1);
        NDArray q = qAndK.get(0).mul(layout.attnScale).reshape(n, config.qDim()); // (n, qDim)
        NDArray k = qAndK.get(1).reshape(n, config.kvDim()); // (n, kvDim)
        NDArray v = parts.get(1); // (n, kvDim)

        NDManager local = h.getManager();
        if (cache != null) {
            cache.write(l, layout.newRows, k.reshape((long) n * kvHeads, hd), v.reshape((long) n * kvHeads, hd));
        }
        NDList outputs = new NDList();
        for (AttentionGroup g : layout.groups) {
            // cached: gathered as (b, kvHeads, keyLength, hd); uncached: the step's own (b, width, kvDim)
            NDArray keys = cache != null ? into(local, cache.gatherKeys(l, g.keyRows)) : headMajor(toPadded(k, g, local), g);
            NDArray values = cache != null ? into(local, cache.gatherValues(l, g.keyRows)) : headMajor(toPadded(v, g, local), g);
            NDArray attn = attention(toPadded(q, g, local), keys, values, g); // (b * width, qDim)
            outputs.add(g.direct ? attn : into(local, gatherRows(g.toRows, attn))); // (rows, qDim)
        }
        NDArray flat = outputs.size() == 1
                ? outputs.get(0)
                : into(local, gatherRows(layout.regroup, NDArrays.concat(outputs, 0))); // (n, qDim)
        NDArray h2 = h.add(products.linear(flat, w.oWeight(), null));

        NDArray y = RmsNorm.apply(h2, w.postNorm(), layout.normEps);
        NDList gateUp = products.linear(y, w.gateUpWeight(), null).split(2, 1);
        NDArray gate = gateUp.get(0);
        NDArray act = gate.mul(Activation.sigmoid(gate)).mul(gateUp.get(1)); // (n, intermediate)
        return h2.add(products.linear(act, w.downWeight(), null));
    }

    /**
     * Grouped-query attention over padded sequences.
     *
     * @param q (b, width, qDim), already scaled by 1/sqrt(headDim)
     * @param keys (b, kvHeads, keyLength, hd)
     * @param values (b, kvHeads, keyLength, hd)
     * @return (b * width, qDim)
     */
    private NDArray attention(NDArray q, NDArray keys, NDArray values, AttentionGroup g) {
        int b = g.batch;
        int width = g.width;
        int kl = g.keyLength;
        int kvHeads = config.numKvHeads();
        int group = config.groupSize();
        int hd = config.headDim();
        // Query head h uses key/value head h / group (HF repeat_kv): fold the group into the rows.
        NDArray qh = q.reshape(b, width, kvHeads * group, hd).transpose(0, 2, 1, 3).reshape(b, kvHeads, group * width, hd);
        NDArray kh = keys.transpose(0, 1, 3, 2); // (b, kvHeads, hd, kl): a view, BLAS reads it transposed
        NDArray vh = values; // (b, kvHeads, kl, hd)
        NDArray scores = qh.matMul(kh); // (b, kvHeads, group * width, kl)
        if (scores.getDataType() != DataType.FLOAT32) {
            scores = scores.toType(DataType.FLOAT32, false);
        }
        NDArray probs = scores.reshape(b, kvHeads, group, width, kl).add(g.mask).softmax(-1)
                .reshape(b, kvHeads, group * width, kl);
        if (probs.getDataType() != vh.getDataType()) {
            probs = probs.toType(vh.getDataType(), false);
        }
        NDArray ctx = probs.matMul(vh); // (b, kvHeads, group * width, hd)
        return ctx.reshape(b, kvHeads * group, width, hd).transpose(0, 2, 1, 3).reshape((long) b * width, config.qDim());
    }

    /** (b, width, kvDim) to (b, kvHeads, width, hd). */
    private NDArray headMajor(NDArray padded, AttentionGroup g) {
        return padded.reshape(g.batch, g.width, config.numKvHeads(), config.headDim()).transpose(0, 2, 1, 3);
    }

    /** (n, d) step rows to the group's (b, width, d) padded layout. */
    private static NDArray toPadded(NDArray flat, AttentionGroup g, NDManager local) {
        if (g.direct) {
            return flat.reshape(g.batch, g.width, -1);
        }
        return into(local, gatherRows(g.toPadded, flat));
    }

    /** Moves an array into a scope (gathers are born in the index's scope) and returns it. */
    private static NDArray into(NDManager scope, NDArray a) {
        a.attach(scope);
        return a;
    }

    /** Rows of {@code table} picked by int64 {@code index}; the result belongs to the index's manager. */
    private static NDArray gatherRows(NDArray index, NDArray table) {
        return index.getNDArrayInternal().embedding(index, table, SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    public void close() {
        manager.close();
    }
}
