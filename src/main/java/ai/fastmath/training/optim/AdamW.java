package ai.fastmath.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.fastmath.model.Qwen2Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter; {@code torch.optim.AdamW}), decaying only
 * the parameters marked for it (matrices and embeddings, not norms and biases: DJL's
 * {@code Optimizer.adamW()} decays everything). The moments are float32 arrays beside the
 * parameters; {@link #moments()} exposes them so a trainer can save and restore them.
 */
public final class AdamW implements AutoCloseable {

    /** Hyper-parameters; the defaults of TRL's SFT trainer are beta1 0.9, beta2 0.999, eps 1e-8. */
    public record Settings(double beta1, double beta2, double eps, double weightDecay) {
        public static Settings defaults(double weightDecay) {
            return new Settings(0.9, 0.999, 1e-8, weightDecay);
        }
    }

    private final List<Qwen2Weights.Param> params;
    private final Settings settings;
    private final NDManager manager;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private long steps;

    public AdamW(List<Qwen2Weights.Param> params, Settings settings, NDManager parent) {
        this.params = List.copyOf(params);
        this.settings = settings;
        this.manager = parent.newSubManager();
        for (Qwen2Weights.Param p : params) {
            m.add(manager.zeros(p.array().getShape()));
            v.add(manager.zeros(p.array().getShape()));
        }
    }

    /** Steps taken (restored with the moments on resume). */
    public long steps() {
        return steps;
    }

    /** First and second moments, in parameter order: (m0, v0, m1, v1, ...). */
    public List<NDArray> moments() {
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            out.add(m.get(i));
            out.add(v.get(i));
        }
        return out;
    }

    /** Restores saved moments (host floats in {@link #moments()} order) and the step count. */
    public void restore(List<float[]> moments, long stepCount) {
        if (moments.size() != 2 * m.size()) {
            throw new IllegalArgumentException("expected " + 2 * m.size() + " moment arrays, got " + moments.size());
        }
        for (int i = 0; i < m.size(); i++) {
            m.get(i).set(moments.get(2 * i));
            v.get(i).set(moments.get(2 * i + 1));
        }
        steps = stepCount;
    }

    /** One update with learning rate {@code lr} from the gradients now held by the parameters. */
    public void step(double lr) {
        try (NoGrad off = NoGrad.enter()) {
            update(lr);
        }
    }

    private void update(double lr) {
        steps++;
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        double bc1 = 1 - Math.pow(b1, steps);
        double bc2 = 1 - Math.pow(b2, steps);
        for (int i = 0; i < params.size(); i++) {
            Qwen2Weights.Param p = params.get(i);
            NDArray w = p.array();
            try (NDManager scope = manager.newSubManager()) {
                NDArray mi = m.get(i);
                NDArray vi = v.get(i);
                scope.tempAttachAll(new NDList(w, mi, vi)); // temporaries of ops on them land in the scope
                NDArray g = w.getGradient();
                g.attach(scope);
                mi.muli(b1).addi(g.mul(1 - b1));
                vi.muli(b2).addi(g.square().muli(1 - b2));
                if (p.decay() && settings.weightDecay() > 0) {
                    w.muli(1 - lr * settings.weightDecay());
                }
                NDArray denom = vi.div(bc2).sqrt().addi(settings.eps());
                w.subi(mi.div(denom).muli(lr / bc1));
            }
        }
    }

    /** Zeroes every parameter's gradient (gradients accumulate over backward calls until this). */
    public void zeroGradients() {
        try (NoGrad off = NoGrad.enter()) {
            zero();
        }
    }

    private void zero() {
        for (Qwen2Weights.Param p : params) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray g = p.array().getGradient();
                g.attach(scope);
                g.muli(0);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
