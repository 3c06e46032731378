package org.tinyprune.nn.kernel;

import static org.tinyprune.nn.kernel.Gemm.F;
import static org.tinyprune.nn.kernel.Gemm.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * C[m×n] += A·Bᵀ where both A (m×k) and B (n×k) are read along the reduction: every entry of C is a
 * dot product of a row of A with a row of B. A 4 × 2 tile of C keeps eight vector accumulators (six
 * loads per eight fused multiply-adds); each accumulator is summed across its lanes once, at the
 * end, and the last {@code k mod 8} products are added in scalar order. This is the convolution
 * weight-gradient shape, dW += dY · colᵀ, reducing over output positions.
 */
final class GemmNt {
    private GemmNt() {}

    static void run(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int[] bRows,
            float[] c,
            int cOff,
            int ldc) {
        int kv = k - k % L;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 2 <= n; j += 2) {
                tile4x2(
                        k,
                        kv,
                        a,
                        aOff + i * lda,
                        lda,
                        b,
                        bOff + bRows[j],
                        bOff + bRows[j + 1],
                        c,
                        cOff + i * ldc + j,
                        ldc);
            }
            for (; j < n; j++) {
                for (int r = 0; r < 4; r++) {
                    c[cOff + (i + r) * ldc + j] +=
                            dot(k, kv, a, aOff + (i + r) * lda, b, bOff + bRows[j]);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] += dot(k, kv, a, aOff + i * lda, b, bOff + bRows[j]);
            }
        }
    }

    private static void tile4x2(
            int k,
            int kv,
            float[] a,
            int a0,
            int lda,
            float[] b,
            int b0,
            int b1,
            float[] c,
            int c0,
            int ldc) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        FloatVector s00 = FloatVector.zero(F);
        FloatVector s01 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(F, b, b0 + p);
            FloatVector x1 = FloatVector.fromArray(F, b, b1 + p);
            FloatVector y = FloatVector.fromArray(F, a, a0 + p);
            s00 = y.fma(x0, s00);
            s01 = y.fma(x1, s01);
            y = FloatVector.fromArray(F, a, a1 + p);
            s10 = y.fma(x0, s10);
            s11 = y.fma(x1, s11);
            y = FloatVector.fromArray(F, a, a2 + p);
            s20 = y.fma(x0, s20);
            s21 = y.fma(x1, s21);
            y = FloatVector.fromArray(F, a, a3 + p);
            s30 = y.fma(x0, s30);
            s31 = y.fma(x1, s31);
        }
        c[c0] += s00.reduceLanes(VectorOperators.ADD) + tail(k, kv, a, a0, b, b0);
        c[c0 + 1] += s01.reduceLanes(VectorOperators.ADD) + tail(k, kv, a, a0, b, b1);
        c[c0 + ldc] += s10.reduceLanes(VectorOperators.ADD) + tail(k, kv, a, a1, b, b0);
        c[c0 + ldc + 1] += s11.reduceLanes(VectorOperators.ADD) + tail(k, kv, a, a1, b, b1);
        c[c0 + 2 * ldc] += s20.reduceLanes(VectorOperators.ADD) + tail(k, kv, a, a2, b, b0);
        c[c0 + 2 * ldc + 1] += s21.reduceLanes(VectorOperators.ADD) + tail(k, kv, a, a2, b, b1);
        c[c0 + 3 * ldc] += s30.reduceLanes(VectorOperators.ADD) + tail(k, kv, a, a3, b, b0);
        c[c0 + 3 * ldc + 1] += s31.reduceLanes(VectorOperators.ADD) + tail(k, kv, a, a3, b, b1);
    }

    /** Σ a[aOff + p]·b[bOff + p] over [0, k): vector lanes over [0, kv), then the scalar tail. */
    static float dot(int k, int kv, float[] a, int aOff, float[] b, int bOff) {
        FloatVector s = FloatVector.zero(F);
        for (int p = 0; p < kv; p += L) {
            s = FloatVector.fromArray(F, a, aOff + p).fma(FloatVector.fromArray(F, b, bOff + p), s);
        }
        return s.reduceLanes(VectorOperators.ADD) + tail(k, kv, a, aOff, b, bOff);
    }

    private static float tail(int k, int kv, float[] a, int aOff, float[] b, int bOff) {
        float s = 0f;
        for (int p = kv; p < k; p++) {
            s += a[aOff + p] * b[bOff + p];
        }
        return s;
    }
}
