package org.tinyprune.nn.kernel;

import static org.tinyprune.nn.kernel.Gemm.F;
import static org.tinyprune.nn.kernel.Gemm.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vectorised loops over runs of a flat array at any offset: sums, dot products and multiply-adds.
 * Reductions keep eight lanes, sum them once at the end and then add the last {@code n mod 8}
 * elements in order, so their result depends only on the data and {@code n}.
 */
public final class Vec {
    private Vec() {}

    /** Σ x[off + i] over [0, n). */
    public static float sum(float[] x, int off, int n) {
        int nv = n - n % L;
        FloatVector s = FloatVector.zero(F);
        for (int i = 0; i < nv; i += L) {
            s = s.add(FloatVector.fromArray(F, x, off + i));
        }
        float t = s.reduceLanes(VectorOperators.ADD);
        for (int i = nv; i < n; i++) {
            t += x[off + i];
        }
        return t;
    }

    /** Σ a[aOff + i]·b[bOff + i] over [0, n). */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return GemmNt.dot(n, n - n % L, a, aOff, b, bOff);
    }

    /** y[yOff + i] += alpha·x[xOff + i] over [0, n). */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int nv = n - n % L;
        FloatVector av = FloatVector.broadcast(F, alpha);
        for (int i = 0; i < nv; i += L) {
            av.fma(FloatVector.fromArray(F, x, xOff + i), FloatVector.fromArray(F, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (int i = nv; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /** Σ (x[off + i] − center)² over [0, n). */
    public static float sumSquares(float[] x, int off, int n, float center) {
        int nv = n - n % L;
        FloatVector c = FloatVector.broadcast(F, center);
        FloatVector s = FloatVector.zero(F);
        for (int i = 0; i < nv; i += L) {
            FloatVector d = FloatVector.fromArray(F, x, off + i).sub(c);
            s = d.fma(d, s);
        }
        float t = s.reduceLanes(VectorOperators.ADD);
        for (int i = nv; i < n; i++) {
            float d = x[off + i] - center;
            t += d * d;
        }
        return t;
    }

    /** Σ a[aOff + i]·(b[bOff + i] − center) over [0, n). */
    public static float dotCentered(float[] a, int aOff, float[] b, int bOff, int n, float center) {
        int nv = n - n % L;
        FloatVector c = FloatVector.broadcast(F, center);
        FloatVector s = FloatVector.zero(F);
        for (int i = 0; i < nv; i += L) {
            s =
                    FloatVector.fromArray(F, b, bOff + i)
                            .sub(c)
                            .fma(FloatVector.fromArray(F, a, aOff + i), s);
        }
        float t = s.reduceLanes(VectorOperators.ADD);
        for (int i = nv; i < n; i++) {
            t += a[aOff + i] * (b[bOff + i] - center);
        }
        return t;
    }

    /**
     * y[yOff + i] = alpha·a[aOff + i] + beta·b[bOff + i] + gamma over [0, n) ({@code b} may be null
     * when beta is 0).
     */
    public static void affine(
            float alpha,
            float[] a,
            int aOff,
            float beta,
            float[] b,
            int bOff,
            float gamma,
            float[] y,
            int yOff,
            int n) {
        int nv = n - n % L;
        FloatVector av = FloatVector.broadcast(F, alpha);
        FloatVector bv = FloatVector.broadcast(F, beta);
        FloatVector gv = FloatVector.broadcast(F, gamma);
        if (b == null) {
            for (int i = 0; i < nv; i += L) {
                FloatVector.fromArray(F, a, aOff + i).fma(av, gv).intoArray(y, yOff + i);
            }
            for (int i = nv; i < n; i++) {
                y[yOff + i] = a[aOff + i] * alpha + gamma;
            }
            return;
        }
        for (int i = 0; i < nv; i += L) {
            FloatVector t = FloatVector.fromArray(F, b, bOff + i).fma(bv, gv);
            FloatVector.fromArray(F, a, aOff + i).fma(av, t).intoArray(y, yOff + i);
        }
        for (int i = nv; i < n; i++) {
            y[yOff + i] = a[aOff + i] * alpha + (b[bOff + i] * beta + gamma);
        }
    }
}
