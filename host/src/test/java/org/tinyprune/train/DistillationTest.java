package org.tinyprune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.layer.Dense;

class DistillationTest {
    private static final float[] TEACHER_LOGITS = {2f, 0f, -1f, 0.5f, 0.5f, 1f};
    private static final int[] LABELS = {0, 2};

    /** A teacher whose logits are its inputs: one dense layer with identity weights and no bias. */
    private static Graph identityTeacher(int k) {
        Graph g = Graph.builder("teacher").input("x", k).dense("fc", k).build();
        g.init(1);
        Dense d = (Dense) g.node("fc").layer();
        float[] w = d.weight().values();
        java.util.Arrays.fill(w, 0f);
        for (int i = 0; i < k; i++) {
            w[i * k + i] = 1f;
        }
        java.util.Arrays.fill(d.bias().values(), 0f);
        return g;
    }

    private static Tensor tensor(float... v) {
        return new Tensor(new int[] {2, 3}, v);
    }

    @Test
    void lossMatchesAHandWorkedExample() {
        Distillation d =
                new Distillation(identityTeacher(3), 0.7f, 2f, new SoftmaxCrossEntropy(0f));
        double loss = d.forward(tensor(TEACHER_LOGITS), tensor(1f, 1f, 0f, 0f, 2f, -1f), LABELS);
        // 0.3 * CE + 0.7 * 2^2 * mean KL(softmax(t/2) || softmax(z/2)), worked out in double
        // precision
        assertEquals(1.1454855515368139, loss, 1e-5);
        assertEquals(1, d.correct(), "the student's argmax is right on the first sample only");
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Distillation d =
                new Distillation(identityTeacher(3), 0.6f, 3f, new SoftmaxCrossEntropy(0.1f));
        float[] z = {0.3f, -1.2f, 0.8f, 1.5f, 0.1f, -0.4f};
        d.forward(tensor(TEACHER_LOGITS), tensor(z), LABELS);
        float[] analytic = d.gradient().data().clone();
        double h = 1e-3;
        for (int i = 0; i < z.length; i++) {
            float[] up = z.clone();
            float[] down = z.clone();
            up[i] += (float) h;
            down[i] -= (float) h;
            double numeric =
                    (d.forward(tensor(TEACHER_LOGITS), tensor(up), LABELS)
                                    - d.forward(tensor(TEACHER_LOGITS), tensor(down), LABELS))
                            / (2 * h);
            assertEquals(numeric, analytic[i], 1e-4, "dLoss/dz[" + i + "]");
        }
    }

    @Test
    void aStudentThatAgreesWithTheTeacherHasOnlyTheHardLoss() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0f);
        double hard = ce.forward(tensor(TEACHER_LOGITS), LABELS);
        Distillation d =
                new Distillation(identityTeacher(3), 0.5f, 4f, new SoftmaxCrossEntropy(0f));
        assertEquals(
                0.5 * hard,
                d.forward(tensor(TEACHER_LOGITS), tensor(TEACHER_LOGITS), LABELS),
                1e-6);
    }

    @Test
    void refusesBadSettingsAndATeacherOfOtherClasses() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Distillation(identityTeacher(3), 1.5f, 2f, new SoftmaxCrossEntropy(0f)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Distillation(identityTeacher(3), 0.5f, 0f, new SoftmaxCrossEntropy(0f)));
        Distillation d =
                new Distillation(identityTeacher(2), 0.5f, 2f, new SoftmaxCrossEntropy(0f));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                d.forward(
                                        new Tensor(new int[] {2, 2}, new float[4]),
                                        tensor(TEACHER_LOGITS),
                                        LABELS));
        assertTrue(e.getMessage().contains("same classes"), e.getMessage());
    }
}
