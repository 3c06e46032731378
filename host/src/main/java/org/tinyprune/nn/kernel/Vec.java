package org.tinyprune.nn.kernel;

import static org.tinyprune.nn.kernel.Gemm.F;
import static org.tinyprune.nn.kernel.Gemm.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vectorised loops over runs of a flat array at any offset: sums, dot products and
 * multiply-adds. Reductions keep eight lanes, sum them once at the end and then add the last
 * {@code n mod 8} elements in order, so their result depends only on the data and {@code n}.
 */
public final class Vec {
    private Vec() {
    }

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
}
