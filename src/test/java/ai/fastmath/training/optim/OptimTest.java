package ai.fastmath.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.fastmath.model.Qwen2Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule, global-norm clipping and AdamW's decoupled decay against values worked out by hand. */
class OptimTest {

    @Test
    void warmupThenCosine() {
        LrSchedule s = new LrSchedule(1e-3, 10, 110, 0.0);
        assertEquals(0.0, s.at(0), 1e-15);
        assertEquals(5e-4, s.at(5), 1e-15);
        assertEquals(1e-3, s.at(10), 1e-15);
        assertEquals(5e-4, s.at(60), 1e-12, "half way down the cosine");
        assertEquals(1e-3 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.at(35), 1e-12);
        assertEquals(0.0, s.at(110), 1e-15);
        assertEquals(1e-4, new LrSchedule(1e-3, 0, 100, 0.1).at(100), 1e-15, "floor");
    }

    /** Two parameters with given gradients (set by backward on sum(w * g)). */
    private static List<Qwen2Weights.Param> withGradients(NDManager m, float[] w1, float[] g1, float[] w2, float[] g2) {
        NDArray a = m.create(w1);
        NDArray b = m.create(w2);
        a.setRequiresGradient(true);
        b.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            gc.backward(a.mul(m.create(g1)).sum().add(b.mul(m.create(g2)).sum()));
        }
        return List.of(new Qwen2Weights.Param("matrix", a, true), new Qwen2Weights.Param("norm", b, false));
    }

    @Test
    void clipsByTheGlobalNormNotPerElement() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            List<Qwen2Weights.Param> p = withGradients(m, new float[] {0, 0}, new float[] {3, 0}, new float[] {0}, new float[] {4});
            double norm = GradClip.clip(p, 1.0);
            assertEquals(5.0, norm, 1e-6, "sqrt(3^2 + 4^2) over both parameters");
            assertArrayEquals(new float[] {0.6f, 0f}, p.get(0).array().getGradient().toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {0.8f}, p.get(1).array().getGradient().toFloatArray(), 1e-5f,
                    "direction kept: 3:4 stays 3:4");
            assertEquals(1.0, GradClip.clip(p, 10.0), 1e-5, "under the limit: measured, not changed");
        }
    }

    @Test
    void adamWDecaysMatricesButNotNormsAndBiases() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            List<Qwen2Weights.Param> p = withGradients(m, new float[] {1, 2}, new float[] {0.5f, -0.5f}, new float[] {1},
                    new float[] {0.5f});
            try (AdamW opt = new AdamW(p, new AdamW.Settings(0.9, 0.999, 1e-8, 0.1), m)) {
                opt.step(0.01);
                // step 1: m^ = g, v^ = g^2, update = g / (|g| + eps) = sign(g); decoupled decay w *= 1 - lr * wd
                float[] w = p.get(0).array().toFloatArray();
                assertEquals(1 * (1 - 0.001) - 0.01, w[0], 1e-6);
                assertEquals(2 * (1 - 0.001) + 0.01, w[1], 1e-6);
                assertEquals(1 - 0.01, p.get(1).array().toFloatArray()[0], 1e-6, "no decay on a norm");
                opt.zeroGradients();
                assertArrayEquals(new float[] {0, 0}, p.get(0).array().getGradient().toFloatArray(), 0f);
            }
        }
    }

    @Test
    void updatesWorkWhereverGradModeIsOn() {
        // libtorch's grad mode is per thread and on by default: the full test suite met this first
        boolean before = ai.djl.pytorch.jni.JniUtils.isGradMode();
        ai.djl.pytorch.jni.JniUtils.setGradMode(true);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            List<Qwen2Weights.Param> p = withGradients(m, new float[] {1}, new float[] {2}, new float[] {1}, new float[] {3});
            try (AdamW opt = new AdamW(p, AdamW.Settings.defaults(0.1), m)) {
                GradClip.clip(p, 1.0);
                opt.step(0.1);
                opt.zeroGradients();
            }
            assertEquals(1 * (1 - 0.01) - 0.1, p.get(0).array().toFloatArray()[0], 1e-5);
            assertEquals(true, ai.djl.pytorch.jni.JniUtils.isGradMode(), "the caller's mode is restored");
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(before);
        }
    }
}
