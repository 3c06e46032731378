package org.tinyprune.nn.kernel;

import java.util.Arrays;

/**
 * Single-threaded float matrix multiplication.
 *
 * <p>{@link #rows} is the fast path used by convolutions: B and C are given as separate row arrays
 * so that the innermost loop, {@code c[j] += a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]}, indexes
 * every array with the same zero-based {@code j}. HotSpot C2 (JDK 17) only auto-vectorises such a
 * loop when it can see that the store cannot overlap the loads at another offset, which it proves
 * for equal indices but not for arbitrary row offsets into one flat array; measured, the row form
 * runs about 3-4× faster. The reduction is blocked ({@link #KB} rows of B at a time) so that the
 * block of B stays in L2 while every row of C streams over it.
 *
 * <p>{@link #nn} and {@link #tn} work on flat arrays with offsets (not vectorised) and serve the
 * small dense layers. In every routine the summation order depends only on the sizes, so results
 * are reproducible.
 */
public final class Gemm {
    /** Reduction block for {@link #rows}. */
    static final int KB = 64;

    private Gemm() {
    }

    /**
     * c[i][0..n) += Σ_p A(i, p) · b[p][0..n) for i in [0, m), p in [0, k), where A(i, p) =
     * {@code a[aOff + i·aRow + p·aCol]} (so A may be stored row-major or transposed).
     */
    public static void rows(int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                            float[][] b, float[][] c) {
        for (int p0 = 0; p0 < k; p0 += KB) {
            int pEnd = Math.min(k, p0 + KB);
            for (int i = 0; i < m; i++) {
                float[] ci = c[i];
                int ai = aOff + i * aRow;
                int p = p0;
                for (; p + 3 < pEnd; p += 4) {
                    int at = ai + p * aCol;
                    kernel4(ci, n, a[at], a[at + aCol], a[at + 2 * aCol], a[at + 3 * aCol],
                            b[p], b[p + 1], b[p + 2], b[p + 3]);
                }
                for (; p < pEnd; p++) {
                    kernel1(ci, n, a[ai + p * aCol], b[p]);
                }
            }
        }
    }

    private static void kernel4(float[] c, int n, float a0, float a1, float a2, float a3,
                                float[] b0, float[] b1, float[] b2, float[] b3) {
        for (int j = 0; j < n; j++) {
            c[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    private static void kernel1(float[] c, int n, float a0, float[] b0) {
        for (int j = 0; j < n; j++) {
            c[j] += a0 * b0[j];
        }
    }

    /** Zeroes the first {@code n} entries of the first {@code m} rows. */
    public static void zero(float[][] c, int m, int n) {
        for (int i = 0; i < m; i++) {
            Arrays.fill(c[i], 0, n, 0f);
        }
    }

    /**
     * C[m×n] (+)= A[m×k] · B[k×n] on flat row-major arrays with offsets and leading dimensions.
     *
     * @param accumulate add into C if true, else overwrite C
     */
    public static void nn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, boolean accumulate) {
        flat(lda, 1, m, n, k, a, aOff, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /**
     * C[m×n] (+)= Aᵀ · B on flat arrays, A stored k×m with leading dimension {@code lda}.
     *
     * @param accumulate add into C if true, else overwrite C
     */
    public static void tn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, boolean accumulate) {
        flat(1, lda, m, n, k, a, aOff, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    private static void flat(int aRow, int aCol, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                             int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) {
                Arrays.fill(c, ci, ci + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float av = a[aOff + i * aRow + p * aCol];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        }
    }
}
