package org.tinyprune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Tensor;

/** Label-smoothed cross-entropy and learning-rate schedules against hand-worked values. */
class LossAndScheduleTest {
    @Test
    void labelSmoothedCrossEntropy() {
        // logits (1, 2, 0), label 1, ε = 0.3, K = 3: target (0.1, 0.8, 0.1);
        // loss = −Σ t·log softmax = 0.70760596, gradient = softmax − target
        Tensor z = new Tensor(new int[] {1, 3}, new float[] {1f, 2f, 0f});
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0.3f);
        assertEquals(0.70760596, ce.forward(z, new int[] {1}), 1e-6);
        float[] g = ce.gradient().data();
        assertEquals(0.14472847f, g[0], 1e-6f);
        assertEquals(-0.13475904f, g[1], 1e-6f);
        assertEquals(-0.00996943f, g[2], 1e-6f);
        assertEquals(1, ce.correct());
    }

    @Test
    void gradientMatchesFiniteDifferencesOverABatch() {
        float[] v = {0.3f, -1.2f, 0.8f, 2.0f, 0.1f, -0.5f, 1.5f, 0.2f};
        int[] labels = {2, 0};
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0.1f);
        Tensor z = new Tensor(new int[] {2, 4}, v.clone());
        ce.forward(z, labels);
        float[] g = ce.gradient().data().clone();
        for (int i = 0; i < v.length; i++) {
            float[] plus = v.clone();
            plus[i] += 1e-3f;
            float[] minus = v.clone();
            minus[i] -= 1e-3f;
            double numeric =
                    (ce.forward(new Tensor(new int[] {2, 4}, plus), labels)
                                    - ce.forward(new Tensor(new int[] {2, 4}, minus), labels))
                            / 2e-3;
            assertEquals(numeric, g[i], 1e-4, "logit " + i);
        }
    }

    @Test
    void badLabelIsNamed() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0f);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ce.forward(new Tensor(1, 3), new int[] {3}));
        assertEquals(true, e.getMessage().contains("label 3"));
    }

    @Test
    void cosineWithWarmup() {
        LrSchedule s = LrSchedule.cosine(1f, 0f, 110, 10);
        assertEquals(0.1f, s.lr(0), 1e-6f); // (0+1)/10
        assertEquals(1f, s.lr(9), 1e-6f);
        assertEquals(1f, s.lr(10), 1e-6f); // cosine starts at base
        assertEquals(0.5f, s.lr(60), 1e-6f); // halfway: (1 + cos(π/2))/2
        assertEquals(0f, s.lr(110), 1e-6f);
    }

    @Test
    void stepDecayWithWarmup() {
        LrSchedule s = LrSchedule.step(0.4f, 5, 0.5f, 2);
        assertEquals(0.2f, s.lr(0), 1e-6f);
        assertEquals(0.4f, s.lr(6), 1e-6f); // 4 steps after warm-up
        assertEquals(0.2f, s.lr(7), 1e-6f); // 5 steps after warm-up
        assertEquals(0.1f, s.lr(12), 1e-6f);
    }
}
