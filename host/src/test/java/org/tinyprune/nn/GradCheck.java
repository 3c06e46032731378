package org.tinyprune.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

/**
 * Compares analytic gradients with central finite differences for the scalar L = Σ out·r, where r
 * is a fixed random tensor (so dL/dout = r). Perturbations are done in float; each difference is
 * accumulated in double.
 */
public final class GradCheck {
    private static final float EPS = 1e-2f;

    private GradCheck() {}

    /** Random tensor with values in [-1, 1). */
    public static Tensor random(SplittableRandom rng, int... shape) {
        Tensor t = new Tensor(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return t;
    }

    private static double loss(Layer layer, Tensor[] inputs, Tensor r, boolean training) {
        Tensor y = layer.forward(inputs, training);
        double sum = 0;
        for (int i = 0; i < y.size(); i++) {
            sum += (double) y.data()[i] * r.data()[i];
        }
        return sum;
    }

    /** Checks input and param gradients of {@code layer} at {@code inputs}. */
    public static void check(Layer layer, Tensor[] inputs, boolean training, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Param p : layer.params()) {
            p.zeroGrad();
        }
        Tensor y = layer.forward(inputs, training);
        Tensor r = random(rng, y.shape());
        boolean[] need = new boolean[inputs.length];
        java.util.Arrays.fill(need, true);
        Tensor[] analytic = layer.backward(inputs, y, r, need);
        float[][] paramGrads = new float[layer.params().size()][];
        for (int k = 0; k < paramGrads.length; k++) {
            Param p = layer.params().get(k);
            paramGrads[k] = p.trainable() ? p.grads().clone() : null;
        }
        float[][] inputGrads = new float[inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            inputGrads[k] = java.util.Arrays.copyOf(analytic[k].data(), inputs[k].size());
        }
        for (int k = 0; k < inputs.length; k++) {
            compare(
                    layer.kind() + " input " + k,
                    inputs[k].data(),
                    inputGrads[k],
                    layer,
                    inputs,
                    r,
                    training);
        }
        for (int k = 0; k < paramGrads.length; k++) {
            Param p = layer.params().get(k);
            if (p.trainable()) {
                compare(
                        layer.kind() + " param " + p.name(),
                        p.values(),
                        paramGrads[k],
                        layer,
                        inputs,
                        r,
                        training);
            }
        }
    }

    private static void compare(
            String what,
            float[] values,
            float[] analytic,
            Layer layer,
            Tensor[] inputs,
            Tensor r,
            boolean training) {
        for (int i = 0; i < analytic.length; i++) {
            float old = values[i];
            values[i] = old + EPS;
            double plus = loss(layer, inputs, r, training);
            values[i] = old - EPS;
            double minus = loss(layer, inputs, r, training);
            values[i] = old;
            double numeric = (plus - minus) / (2 * EPS);
            double tol = 2e-3 + 1e-2 * Math.abs(numeric);
            assertTrue(
                    Math.abs(numeric - analytic[i]) <= tol,
                    what + "[" + i + "]: analytic " + analytic[i] + " vs numeric " + numeric);
        }
    }
}
