package org.tinyprune.resource;

import java.util.Arrays;

/**
 * A real value with its gradient with respect to the channel variables (forward-mode automatic
 * differentiation, dense gradient). Immutable.
 *
 * <p>Rounding ({@link #ceilTo}) keeps the exact rounded value but passes the gradient straight
 * through, so integer evaluation stays exact and real-valued evaluation still has a useful slope.
 */
public final class Dual {
    private final double value;
    private final double[] grad;

    private Dual(double value, double[] grad) {
        this.value = value;
        this.grad = grad;
    }

    /** A constant (zero gradient) over {@code n} variables. */
    public static Dual constant(double value, int n) {
        return new Dual(value, new double[n]);
    }

    /** Variable {@code index} of {@code n}, at {@code value}. */
    public static Dual variable(int index, double value, int n) {
        double[] g = new double[n];
        g[index] = 1;
        return new Dual(value, g);
    }

    /** The value. */
    public double value() {
        return value;
    }

    /** A copy of the gradient. */
    public double[] gradient() {
        return grad.clone();
    }

    /** d value / d variable {@code i}. */
    public double derivative(int i) {
        return grad[i];
    }

    /** This + o. */
    public Dual plus(Dual o) {
        double[] g = grad.clone();
        for (int i = 0; i < g.length; i++) {
            g[i] += o.grad[i];
        }
        return new Dual(value + o.value, g);
    }

    /** This + c. */
    public Dual plus(double c) {
        return new Dual(value + c, grad);
    }

    /** This × o. */
    public Dual times(Dual o) {
        double[] g = new double[grad.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = grad[i] * o.value + value * o.grad[i];
        }
        return new Dual(value * o.value, g);
    }

    /** This × c. */
    public Dual times(double c) {
        double[] g = new double[grad.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = grad[i] * c;
        }
        return new Dual(value * c, g);
    }

    /** This / c. */
    public Dual div(double c) {
        return times(1.0 / c);
    }

    /** The value rounded up to a multiple of {@code m}; gradient passed through unchanged. */
    public Dual ceilTo(int m) {
        return new Dual(Math.ceil(value / m - 1e-9) * m, grad);
    }

    /** The larger of the two (the first on ties); its gradient is the winner's (a subgradient). */
    public Dual max(Dual o) {
        return o.value > value ? o : this;
    }

    @Override
    public String toString() {
        return value + " " + Arrays.toString(grad);
    }
}
