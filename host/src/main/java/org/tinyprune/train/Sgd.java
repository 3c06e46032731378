package org.tinyprune.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tinyprune.nn.Param;

/**
 * Stochastic gradient descent with momentum (optionally Nesterov) and L2 weight decay added to the
 * gradient, as in PyTorch's SGD: g' = g + λw; v = μv + g'; w −= lr·(g' + μv) with Nesterov, else w
 * −= lr·v.
 */
public final class Sgd extends Optimizer {
    private final float momentum;
    private final boolean nesterov;
    private final List<float[]> velocity = new ArrayList<>();

    /**
     * @param params network params by name
     * @param momentum μ in [0, 1)
     * @param nesterov use the Nesterov form
     * @param weightDecay λ
     */
    public Sgd(Map<String, Param> params, float momentum, boolean nesterov, float weightDecay) {
        super(params, weightDecay);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        params.values().stream()
                .filter(Param::trainable)
                .forEach(p -> velocity.add(new float[p.size()]));
    }

    @Override
    protected void update(int index, Param p, float lr, float decay) {
        float[] w = p.values();
        float[] g = p.grads();
        float[] v = velocity.get(index);
        for (int i = 0; i < w.length; i++) {
            float gi = g[i] + decay * w[i];
            v[i] = momentum * v[i] + gi;
            w[i] -= lr * (nesterov ? gi + momentum * v[i] : v[i]);
        }
    }

    @Override
    protected List<String> stateNames() {
        return List.of("momentum");
    }

    @Override
    protected float[] stateOf(int index, String kind) {
        return velocity.get(index);
    }
}
