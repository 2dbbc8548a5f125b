package ai.fastmath.training.grpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.fastmath.model.Qwen2Model;
import ai.fastmath.model.Qwen2Weights;
import ai.fastmath.model.tokenizer.TextTokenizer;
import ai.fastmath.training.TinyModels;
import ai.fastmath.training.optim.AdamW;
import ai.fastmath.training.optim.NoGrad;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GRPO objective on a tiny model: its KL and gradient at the reference, and the direction of one update. */
class GrpoLossTest {

    @TempDir
    static Path shared;

    private static TextTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = TinyModels.tokenizer(shared.resolve("tokenizer"));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static List<Completion> completions() {
        int[] prompt = {5, 17, 23, 9, 40};
        return List.of(new Completion(0, prompt, new int[] {30, 31, 32, 33, 2}, "a", false),
                new Completion(0, prompt, new int[] {50, 12, 2}, "b", false),
                new Completion(0, prompt, new int[] {60, 61, 62, 63, 64, 65}, "c", true));
    }

    private static float[] perToken(List<Completion> cs, double[] perSequence) {
        float[] out = new float[cs.stream().mapToInt(c -> c.tokens().length).sum()];
        int k = 0;
        for (int i = 0; i < cs.size(); i++) {
            for (int j = 0; j < cs.get(i).tokens().length; j++) {
                out[k++] = (float) perSequence[i];
            }
        }
        return out;
    }

    private static List<float[]> gradients(Qwen2Model m) {
        List<float[]> out = new ArrayList<>();
        for (Qwen2Weights.Param p : m.weights().parameters()) {
            out.add(p.array().getGradient().toFloatArray());
        }
        return out;
    }

    @Test
    void atTheReferenceTheKlIsZeroAndTheGradientIsThePlainPolicyGradient() {
        List<Completion> cs = completions();
        double[] advantages = {1.0, -0.5, 0.25};
        float[] a = perToken(cs, advantages);
        float[] w = perToken(cs, LossType.GRPO.weights(new int[] {5, 3, 6}, new boolean[] {true, true, true}, 3, 8));
        float[] ref;
        try (Qwen2Model frozen = TinyModels.frozen(tokenizer, 32, 7); NDManager s = frozen.newScope();
                NoGrad off = NoGrad.enter()) {
            ref = CompletionLogprobs.of(frozen, s, cs, 1.0).toFloatArray();
        }
        List<float[]> grpo;
        try (Qwen2Model policy = TinyModels.trainable(tokenizer, 32, 7); NDManager s = policy.newScope()) {
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray logp = CompletionLogprobs.of(policy, s, cs, 1.0);
                GrpoLoss.Result r = new GrpoLoss(0.2, 0.2, 0.04).compute(s, logp, logp.stopGradient(),
                        s.create(ref, new Shape(ref.length)), a, w);
                assertEquals(0.0, r.kl(), 1e-6, "policy == reference");
                assertEquals(0.0, r.clipFraction(), "rho == 1 clips nothing");
                gc.backward(r.loss());
            }
            grpo = gradients(policy);
        }
        List<float[]> plain;
        try (Qwen2Model policy = TinyModels.trainable(tokenizer, 32, 7); NDManager s = policy.newScope()) {
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray logp = CompletionLogprobs.of(policy, s, cs, 1.0);
                NDArray pg = logp.mul(s.create(a, new Shape(a.length))).mul(s.create(w, new Shape(w.length))).sum().neg();
                gc.backward(pg); // -sum_t w_t A_t logp_t
            }
            plain = gradients(policy);
        }
        double max = 0;
        for (int i = 0; i < plain.size(); i++) {
            for (int j = 0; j < plain.get(i).length; j++) {
                max = Math.max(max, Math.abs(plain.get(i)[j]));
                assertEquals(plain.get(i)[j], grpo.get(i)[j], 1e-6 + 1e-4 * Math.abs(plain.get(i)[j]), "parameter " + i);
            }
        }
        assertTrue(max > 1e-4, "the gradient is not trivially zero: " + max);
    }

    private static double[] sequenceLogprobs(Qwen2Model m, List<Completion> cs) {
        try (NDManager s = m.newScope(); NoGrad off = NoGrad.enter()) {
            float[] t = CompletionLogprobs.of(m, s, cs, 1.0).toFloatArray();
            double[] out = new double[cs.size()];
            int k = 0;
            for (int i = 0; i < cs.size(); i++) {
                for (int j = 0; j < cs.get(i).tokens().length; j++) {
                    out[i] += t[k++];
                }
            }
            return out;
        }
    }

    @Test
    void oneUpdateRaisesTheBestCompletionAndLowersTheWorst() {
        List<Completion> cs = completions();
        double[] advantages = Advantages.of(new double[] {1.0, 0.2, -1.0}, 3, true);
        float[] a = perToken(cs, advantages);
        float[] w = perToken(cs, LossType.GRPO.weights(new int[] {5, 3, 6}, new boolean[] {true, true, true}, 3, 8));
        try (Qwen2Model policy = TinyModels.trainable(tokenizer, 32, 11);
                NDManager opt = policy.newScope();
                AdamW adam = new AdamW(policy.weights().parameters(), AdamW.Settings.defaults(0.0), opt)) {
            double[] before = sequenceLogprobs(policy, cs);
            try (NDManager s = policy.newScope()) {
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray logp = CompletionLogprobs.of(policy, s, cs, 1.0);
                    gc.backward(new GrpoLoss(0.2, 0.2, 0.0).compute(s, logp, logp.stopGradient(), null, a, w).loss());
                }
            }
            adam.step(1e-3);
            double[] after = sequenceLogprobs(policy, cs);
            assertTrue(after[0] > before[0], "highest advantage: " + before[0] + " -> " + after[0]);
            assertTrue(after[2] < before[2], "lowest advantage: " + before[2] + " -> " + after[2]);
        }
    }
}
