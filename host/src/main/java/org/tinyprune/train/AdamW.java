package org.tinyprune.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tinyprune.nn.Param;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter), in PyTorch's order: w −= lr·λ·w, then
 * m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g², w −= lr·m̂/(√v̂ + ε) with bias-corrected m̂, v̂.
 */
public final class AdamW extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final List<float[]> m = new ArrayList<>();
    private final List<float[]> v = new ArrayList<>();

    /** AdamW with β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public AdamW(Map<String, Param> params, float weightDecay) {
        this(params, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    /** AdamW with explicit hyper-parameters. */
    public AdamW(
            Map<String, Param> params, float beta1, float beta2, float eps, float weightDecay) {
        super(params, weightDecay);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0)) {
            throw new IllegalArgumentException(
                    "AdamW needs beta1, beta2 in [0, 1) and eps > 0; got "
                            + beta1
                            + ", "
                            + beta2
                            + ", "
                            + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        params.values().stream()
                .filter(Param::trainable)
                .forEach(
                        p -> {
                            m.add(new float[p.size()]);
                            v.add(new float[p.size()]);
                        });
    }

    @Override
    protected void update(int index, Param p, float lr, float decay) {
        float[] w = p.values();
        float[] g = p.grads();
        float[] mi = m.get(index);
        float[] vi = v.get(index);
        double c1 = 1 - Math.pow(beta1, steps());
        double c2 = 1 - Math.pow(beta2, steps());
        float stepSize = (float) (lr / c1);
        float rootC2 = (float) Math.sqrt(c2);
        for (int i = 0; i < w.length; i++) {
            w[i] -= lr * decay * w[i];
            mi[i] = beta1 * mi[i] + (1 - beta1) * g[i];
            vi[i] = beta2 * vi[i] + (1 - beta2) * g[i] * g[i];
            w[i] -= stepSize * mi[i] / ((float) Math.sqrt(vi[i]) / rootC2 + eps);
        }
    }

    @Override
    protected List<String> stateNames() {
        return List.of("m", "v");
    }

    @Override
    protected float[] stateOf(int index, String kind) {
        return kind.equals("m") ? m.get(index) : v.get(index);
    }
}
