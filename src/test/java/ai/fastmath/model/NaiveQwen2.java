package ai.fastmath.model;

/**
 * A plain, obviously-right Qwen2 forward pass in Java loops over float arrays: no batching, no cache,
 * no fusion. The fast DJL path is tested against it on configurations the golden files do not cover.
 */
final class NaiveQwen2 {

    private final ModelConfig c;
    private final TensorSource w;

    NaiveQwen2(ModelConfig c, TensorSource w) {
        this.c = c;
        this.w = w;
    }

    /** Logits at every position: (tokens.length, vocab). */
    float[][] forward(int[] tokens) {
        int n = tokens.length;
        int h = c.hiddenSize();
        int hd = c.headDim();
        float[] embed = read("model.embed_tokens.weight");
        float[][] x = new float[n][h];
        for (int t = 0; t < n; t++) {
            System.arraycopy(embed, tokens[t] * h, x[t], 0, h);
        }
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            float[][] a = new float[n][];
            for (int t = 0; t < n; t++) {
                a[t] = rmsNorm(x[t], read(p + "input_layernorm.weight"));
            }
            float[][] q = new float[n][];
            float[][] k = new float[n][];
            float[][] v = new float[n][];
            for (int t = 0; t < n; t++) {
                q[t] = rope(linear(a[t], read(p + "self_attn.q_proj.weight"), read(p + "self_attn.q_proj.bias")), t);
                k[t] = rope(linear(a[t], read(p + "self_attn.k_proj.weight"), read(p + "self_attn.k_proj.bias")), t);
                v[t] = linear(a[t], read(p + "self_attn.v_proj.weight"), read(p + "self_attn.v_proj.bias"));
            }
            float[] wo = read(p + "self_attn.o_proj.weight");
            for (int t = 0; t < n; t++) {
                float[] ctx = new float[c.qDim()];
                for (int head = 0; head < c.numHeads(); head++) {
                    int kvHead = head / c.groupSize();
                    double[] s = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= t; j++) {
                        double dot = 0;
                        for (int d = 0; d < hd; d++) {
                            dot += q[t][head * hd + d] * k[j][kvHead * hd + d];
                        }
                        s[j] = dot / Math.sqrt(hd);
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= t; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j <= t; j++) {
                        for (int d = 0; d < hd; d++) {
                            ctx[head * hd + d] += (float) (s[j] / sum * v[j][kvHead * hd + d]);
                        }
                    }
                }
                add(x[t], linear(ctx, wo, null));
            }
            for (int t = 0; t < n; t++) {
                float[] y = rmsNorm(x[t], read(p + "post_attention_layernorm.weight"));
                float[] gate = linear(y, read(p + "mlp.gate_proj.weight"), null);
                float[] up = linear(y, read(p + "mlp.up_proj.weight"), null);
                for (int i = 0; i < gate.length; i++) {
                    gate[i] = (float) (gate[i] / (1 + Math.exp(-gate[i])) * up[i]);
                }
                add(x[t], linear(gate, read(p + "mlp.down_proj.weight"), null));
            }
        }
        float[] head = c.tieWordEmbeddings() ? embed : read("lm_head.weight");
        float[][] logits = new float[n][];
        for (int t = 0; t < n; t++) {
            logits[t] = linear(rmsNorm(x[t], read("model.norm.weight")), head, null);
        }
        return logits;
    }

    private float[] read(String name) {
        long[] shape = w.shape(name);
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        float[] out = new float[(int) count];
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(out.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        w.readF32(name, 0, count, buf);
        buf.flip().asFloatBuffer().get(out);
        return out;
    }

    /** y = W x + b with W (out, in) row-major. */
    private static float[] linear(float[] x, float[] weight, float[] bias) {
        int out = weight.length / x.length;
        float[] y = new float[out];
        for (int o = 0; o < out; o++) {
            double acc = bias == null ? 0 : bias[o];
            for (int i = 0; i < x.length; i++) {
                acc += weight[o * x.length + i] * x[i];
            }
            y[o] = (float) acc;
        }
        return y;
    }

    private float[] rmsNorm(float[] x, float[] weight) {
        double ss = 0;
        for (float f : x) {
            ss += f * f;
        }
        double inv = 1 / Math.sqrt(ss / x.length + c.rmsNormEps());
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] * inv * weight[i]);
        }
        return y;
    }

    /** Rotate-half RoPE on every head of a (heads * headDim) vector at position pos. */
    private float[] rope(float[] x, int pos) {
        int hd = c.headDim();
        int half = hd / 2;
        float[] y = x.clone();
        for (int base = 0; base < x.length; base += hd) {
            for (int i = 0; i < half; i++) {
                double angle = pos / Math.pow(c.ropeTheta(), 2.0 * i / hd);
                double cos = Math.cos(angle);
                double sin = Math.sin(angle);
                float a = x[base + i];
                float b = x[base + i + half];
                y[base + i] = (float) (a * cos - b * sin);
                y[base + i + half] = (float) (b * cos + a * sin);
            }
        }
        return y;
    }

    private static void add(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }
}
