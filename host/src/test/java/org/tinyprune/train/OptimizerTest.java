package org.tinyprune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Param;

/** Optimizer steps against hand-worked numbers (derivations in the comments). */
class OptimizerTest {
    private static Param param(float w) {
        Param p = Param.trainable("w", true, 1);
        p.values()[0] = w;
        return p;
    }

    @Test
    void sgdMomentumWithWeightDecay() {
        Param p = param(1f);
        Sgd sgd = new Sgd(Map.of("w", p), 0.9f, false, 0.01f);
        p.grads()[0] = 0.5f;
        sgd.step(0.1f);
        // g' = 0.5 + 0.01·1 = 0.51; v = 0.51; w = 1 − 0.1·0.51
        assertEquals(0.949f, p.values()[0], 1e-6f);
        sgd.step(0.1f);
        // g' = 0.5 + 0.01·0.949 = 0.50949; v = 0.9·0.51 + 0.50949 = 0.96849; w = 0.949 − 0.096849
        assertEquals(0.852151f, p.values()[0], 1e-6f);
    }

    @Test
    void sgdNesterov() {
        Param p = param(1f);
        Sgd sgd = new Sgd(Map.of("w", p), 0.9f, true, 0.01f);
        p.grads()[0] = 0.5f;
        sgd.step(0.1f);
        // g' = 0.51; v = 0.51; w = 1 − 0.1·(0.51 + 0.9·0.51)
        assertEquals(0.9031f, p.values()[0], 1e-6f);
    }

    @Test
    void noDecayOnBiasLikeParams() {
        Param b = Param.trainable("b", false, 1);
        b.values()[0] = 1f;
        Sgd sgd = new Sgd(Map.of("b", b), 0f, false, 0.5f);
        sgd.step(0.1f);
        assertEquals(1f, b.values()[0], 0f);
    }

    @Test
    void adamWTwoSteps() {
        Param p = param(1f);
        AdamW adam = new AdamW(Map.of("w", p), 0.01f);
        p.grads()[0] = 0.5f;
        adam.step(0.1f);
        // w = 1·(1 − 0.1·0.01) = 0.999; m̂ = 0.5, v̂ = 0.25; w −= 0.1·0.5/0.5
        assertEquals(0.899f, p.values()[0], 1e-6f);
        p.grads()[0] = -0.25f;
        adam.step(0.1f);
        // w = 0.899·0.999; m = 0.02, v = 3.1225e-4; m̂ = 0.02/0.19, v̂ = 3.1225e-4/0.001999
        assertEquals(0.8714673f, p.values()[0], 2e-6f);
    }

    @Test
    void stateRoundTrip() {
        Param p = param(1f);
        Sgd a = new Sgd(Map.of("w", p), 0.9f, false, 0f);
        p.grads()[0] = 1f;
        a.step(0.1f);
        Param q = param(1f);
        Sgd b = new Sgd(Map.of("w", q), 0.9f, false, 0f);
        b.loadState(a.state());
        assertEquals(0, b.steps());
        assertEquals(1f, b.state().get("momentum:w")[0], 0f);
    }
}
