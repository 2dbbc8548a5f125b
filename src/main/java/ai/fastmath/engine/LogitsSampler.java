package ai.fastmath.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples tokens where the logits are, with the reference sampler's rules ({@link TokenSampler}):
 * temperature, then min_p relative to the most likely token, then top_k, then top_p over what is left,
 * renormalised, then an inverse-CDF draw with the sequence's own uniform number, drawn on the host from
 * its seeded generator, so seeds stay reproducible and a draw never depends on batch neighbours. Greedy
 * rows take the first largest logit (a step of greedy rows only computes nothing else). Without top_k
 * and top_p the draw runs over the row in index order; with them the kept tokens are a prefix of the
 * row sorted by probability, so only the top {@code k} are sorted, {@code k} being the most any row's
 * min_p and top_k keep (the whole vocabulary where neither limits a row). What crosses to the host:
 * per draw its parameters and uniform number in, the token ids out (and {@code k} when sorting), plus
 * the log-probabilities of the draws that ask for them.
 */
public final class LogitsSampler {

    /** Below this temperature the scaled logits could overflow float32: such a row is decoded greedily, its limit. */
    static final double MIN_TEMPERATURE = 1e-30;

    /** Tokens drawn on the device and the bytes their draws moved between host and device. */
    public record Drawn(List<TokenSampler.Sample> samples, long hostBytes) {}

    private LogitsSampler() {}

    /**
     * @param logits (rows, vocab) float32, on the device
     * @param draws one token each, from the row it names
     * @param scope owner of every temporary
     */
    public static Drawn sample(NDArray logits, List<StepLogits.Draw> draws, NDManager scope) {
        int n = draws.size();
        long vocab = logits.getShape().get(1);
        long[] rows = new long[n];
        float[] invT = new float[n];
        float[] minP = new float[n];
        long[] topK = new long[n];
        float[] topP = new float[n];
        float[] uniform = new float[n];
        boolean[] greedy = new boolean[n];
        boolean logprobs = false;
        int confidenceK = 0;
        long[] confK = new long[n];
        boolean allGreedy = true;
        boolean sorted = false; // top_k or top_p limits some row: the draw needs the row sorted
        for (int i = 0; i < n; i++) {
            StepLogits.Draw d = draws.get(i);
            SamplingParams p = d.params();
            rows[i] = d.row();
            greedy[i] = p.temperature() < MIN_TEMPERATURE;
            invT[i] = greedy[i] ? 1f : (float) (1 / p.temperature());
            minP[i] = greedy[i] ? 0f : (float) p.minP();
            topK[i] = greedy[i] ? 1 : p.topK() <= 0 || p.topK() > vocab ? vocab : p.topK(); // greedy: argmax below
            topP[i] = greedy[i] || p.topP() >= 1 ? 2f : (float) p.topP(); // 2: more than any share, keeps all
            // a float rounding 1 - 2^-53 up to 1 would draw past the last kept token; the clamp below keeps it in
            uniform[i] = (float) d.uniform();
            logprobs |= p.logprobs();
            confK[i] = Math.min(p.confidenceTopK(), vocab);
            confidenceK = (int) Math.max(confidenceK, confK[i]);
            allGreedy &= greedy[i];
            sorted |= !greedy[i] && (topK[i] < vocab || topP[i] < 1);
        }
        long in = (8 + 4 + 4 + 8 + 4 + 4 + 1) * (long) n; // row, 1/t, min_p, top_k, top_p, uniform, greedy
        NDArray x = logits.get(scope.create(rows)); // (n, vocab): a row per draw, repeated for a fork
        x.attach(scope); // what is computed from it belongs to the scope too
        NDArray argmax = x.argMax(1).reshape(n, 1);
        NDArray tokens;
        NDArray logp = null;
        long out = 8L * n;
        if (allGreedy) {
            tokens = argmax;
            if (logprobs) {
                logp = x.logSoftmax(1);
            }
        } else {
            logp = x.mul(column(scope, invT)).logSoftmax(1); // temperature-scaled, unfiltered
            NDArray p = logp.exp();
            // min_p keeps p >= min_p * p_max
            NDArray minPKept = p.gte(p.max(new int[] {1}, true).mul(column(scope, minP)));
            NDArray sampled;
            if (!sorted) {
                // no top_k or top_p: the draw can run over the row in index order, no sort needed
                NDArray q = p.mul(minPKept.toType(DataType.FLOAT32, false));
                NDArray cdf = q.cumSum(1);
                NDArray target = cdf.get(":, -1:").mul(column(scope, uniform));
                NDArray index = scope.arange(0, vocab, 1, DataType.INT64).reshape(1, vocab);
                NDArray lastKept = index.mul(minPKept.toType(DataType.INT64, false)).max(new int[] {1}, true);
                sampled = NDArrays.minimum(cdf.lte(target).sum(new int[] {1}, true), lastKept); // first cdf > u * total
            } else {
                // the kept tokens are a prefix of the row sorted by probability: sort only the longest prefix
                NDArray kept = NDArrays.minimum(minPKept.sum(new int[] {1}), scope.create(topK)); // (n) int64, >= 1
                int k = Math.toIntExact(kept.max().getLong());
                out += 8;
                NDList top = p.topK(k, 1, true, true);
                NDArray probs = top.get(0); // (n, k), descending
                NDArray ids = top.get(1); // (n, k) int64
                NDArray position = scope.arange(0, k, 1, DataType.INT64).reshape(1, k);
                NDArray inPrefix = position.lt(kept.reshape(n, 1)).toType(DataType.FLOAT32, false);
                NDArray w = probs.mul(inPrefix);
                NDArray total = w.sum(new int[] {1}, true);
                // top_p keeps a token while the mass before it is below top_p of what min_p and top_k left
                NDArray before = w.cumSum(1).sub(w);
                NDArray inTopP = before.lt(total.mul(column(scope, topP))).toType(DataType.FLOAT32, false);
                NDArray q = w.mul(inTopP);
                NDArray cdf = q.cumSum(1);
                NDArray target = cdf.get(":, -1:").mul(column(scope, uniform));
                NDArray last = inPrefix.mul(inTopP).sum(new int[] {1}, true).toType(DataType.INT64, false).sub(1);
                NDArray drawn = NDArrays.minimum(cdf.lte(target).sum(new int[] {1}, true), last); // first cdf > u * total
                sampled = ids.gather(drawn, 1); // (n, 1)
            }
            tokens = NDArrays.where(column(scope, greedy), argmax, sampled);
        }
        float[] conf = null;
        if (confidenceK > 0) {
            // minus the mean of each row's k largest log-probabilities, of the model's own distribution
            NDArray topLogp = x.logSoftmax(1).topK(confidenceK, 1, true, true).get(0); // (n, K)
            NDArray k = scope.create(confK).reshape(n, 1);
            NDArray inTop = scope.arange(0, confidenceK, 1, DataType.INT64).reshape(1, confidenceK).lt(k)
                    .toType(DataType.FLOAT32, false);
            conf = topLogp.mul(inTop).sum(new int[] {1}).neg().div(k.reshape(n).maximum(1).toType(DataType.FLOAT32, false))
                    .toFloatArray();
            in += 8L * n;
            out += 4L * n;
        }
        long[] tokenIds = tokens.toLongArray();
        float[] lp = null;
        if (logprobs) {
            lp = logp.gather(tokens, 1).toFloatArray();
            out += 4L * n;
        }
        List<TokenSampler.Sample> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean asked = draws.get(i).params().logprobs();
            samples.add(new TokenSampler.Sample((int) tokenIds[i], asked ? lp[i] : Double.NaN,
                    confK[i] > 0 ? conf[i] : Double.NaN));
        }
        return new Drawn(samples, in + out);
    }

    private static NDArray column(NDManager scope, float[] values) {
        return scope.create(values, new Shape(values.length, 1));
    }

    private static NDArray column(NDManager scope, boolean[] values) {
        return scope.create(values, new Shape(values.length, 1));
    }
}
