package org.tinyprune.nn.kernel;

import java.util.Arrays;

/**
 * Single-threaded float GEMM on row-major matrices with leading dimensions and offsets.
 *
 * <p>The loops are blocked over columns ({@link #NB}) and the reduction ({@link #KB}) so that a
 * block of B stays in L2 and a row segment of C in L1, and the innermost loop is a contiguous
 * "c[j] += a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]" that HotSpot C2 turns into AVX code.
 * The summation order depends only on the matrix sizes, so results are reproducible.
 */
public final class Gemm {
    /** Column block. */
    static final int NB = 256;
    /** Reduction block. */
    static final int KB = 128;

    private Gemm() {
    }

    /**
     * C[m×n] (+)= A[m×k] · B[k×n].
     *
     * @param accumulate add into C if true, else overwrite C
     */
    public static void nn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, boolean accumulate) {
        gemm(false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /**
     * C[m×n] (+)= Aᵀ · B where A is stored as k×m (row-major, leading dimension {@code lda}).
     *
     * @param accumulate add into C if true, else overwrite C
     */
    public static void tn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, boolean accumulate) {
        gemm(true, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    private static void gemm(boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
        }
        int rowStride = transA ? 1 : lda;
        int colStride = transA ? lda : 1;
        for (int j0 = 0; j0 < n; j0 += NB) {
            int jn = Math.min(NB, n - j0);
            for (int p0 = 0; p0 < k; p0 += KB) {
                int pEnd = Math.min(k, p0 + KB);
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + j0;
                    int ai = aOff + i * rowStride;
                    int p = p0;
                    for (; p + 3 < pEnd; p += 4) {
                        float a0 = a[ai + p * colStride];
                        float a1 = a[ai + (p + 1) * colStride];
                        float a2 = a[ai + (p + 2) * colStride];
                        float a3 = a[ai + (p + 3) * colStride];
                        int b0 = bOff + p * ldb + j0;
                        kernel4(c, ci, jn, a0, a1, a2, a3, b, b0, b0 + ldb, b0 + 2 * ldb, b0 + 3 * ldb);
                    }
                    for (; p < pEnd; p++) {
                        kernel1(c, ci, jn, a[ai + p * colStride], b, bOff + p * ldb + j0);
                    }
                }
            }
        }
    }

    private static void kernel4(float[] c, int ci, int n, float a0, float a1, float a2, float a3,
                                float[] b, int b0, int b1, int b2, int b3) {
        for (int j = 0; j < n; j++) {
            c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
        }
    }

    private static void kernel1(float[] c, int ci, int n, float a0, float[] b, int b0) {
        for (int j = 0; j < n; j++) {
            c[ci + j] += a0 * b[b0 + j];
        }
    }
}
