package org.tinyprune.nn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-threaded float matrix multiplication on flat arrays, B given by a table of row offsets,
 * written with the Vector API (8 float lanes, fused multiply-add).
 *
 * <p>{@link #nn} is register-blocked: a 4 × 16 tile of C lives in eight vector registers while the
 * reduction runs, so each step loads two vectors of B and four scalars of A for eight fused
 * multiply-adds (the old row-at-a-time kernel loaded and stored C on every step). The reduction is
 * split into blocks of {@link #KB} so that the 16-column panel of B being reused by every row tile
 * stays in the L1 cache. {@link #nt} (C += A·Bᵀ, both operands read along the reduction) is the
 * weight-gradient shape; see {@link GemmNt}.
 *
 * <p>In every routine the summation order depends only on the sizes, never on the data or the
 * thread, so results are reproducible bit for bit.
 */
public final class Gemm {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_256;

    /** Lanes per vector. */
    static final int L = 8;

    /** Reduction block of {@link #nn}. */
    static final int KB = 256;

    private Gemm() {}

    /**
     * {@code rows[p] = p·ld} for p in [0, k): the row table of a matrix with leading dimension ld,
     * written into {@code reuse} if it has room for k entries, else into a new array.
     */
    public static int[] strided(int k, int ld, int[] reuse) {
        int[] rows = reuse != null && reuse.length >= k ? reuse : new int[k];
        for (int p = 0; p < k; p++) {
            rows[p] = p * ld;
        }
        return rows;
    }

    /** {@code n} rounded up to whole vectors ({@link #L} floats). */
    public static int roundUp(int n) {
        return (n + L - 1) / L * L;
    }

    /**
     * C[m×n] += A·B: A(i, p) = {@code a[aOff + i·aRow + p·aCol]} (so A may be stored row-major or
     * transposed), B(p, j) = {@code b[bOff + bRows[p] + j]} (rows anywhere in {@code b}; a plain
     * row-major B has the table of {@link #strided}), C(i, j) = {@code c[cOff + i·ldc + j]}. With
     * rows at fixed shifts of one padded image this multiplies by the unfolded image without
     * unfolding it (see {@link Padded}).
     */
    public static void nn(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aRow,
            int aCol,
            float[] b,
            int bOff,
            int[] bRows,
            float[] c,
            int cOff,
            int ldc) {
        for (int p0 = 0; p0 < k; p0 += KB) {
            int kb = Math.min(KB, k - p0);
            int ap = aOff + p0 * aCol;
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) {
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    tile4x16(
                            p0,
                            kb,
                            a,
                            ap + i * aRow,
                            aRow,
                            aCol,
                            b,
                            bOff + j,
                            bRows,
                            c,
                            cOff + i * ldc + j,
                            ldc);
                }
                for (; i < m; i++) {
                    tile1x16(
                            p0,
                            kb,
                            a,
                            ap + i * aRow,
                            aCol,
                            b,
                            bOff + j,
                            bRows,
                            c,
                            cOff + i * ldc + j);
                }
            }
            for (; j + L <= n; j += L) {
                for (int i = 0; i < m; i++) {
                    tile1x8(
                            p0,
                            kb,
                            a,
                            ap + i * aRow,
                            aCol,
                            b,
                            bOff + j,
                            bRows,
                            c,
                            cOff + i * ldc + j);
                }
            }
            for (; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    float s = 0f;
                    for (int p = 0, at = ap + i * aRow; p < kb; p++, at += aCol) {
                        s += a[at] * b[bOff + bRows[p0 + p] + j];
                    }
                    c[cOff + i * ldc + j] += s;
                }
            }
        }
    }

    /**
     * C[m×n] += A·Bᵀ with A m×k (row-major, {@code lda}) and B n×k whose row j starts at {@code
     * b[bOff + bRows[j]]}.
     */
    public static void nt(
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
        GemmNt.run(m, n, k, a, aOff, lda, b, bOff, bRows, c, cOff, ldc);
    }

    private static void tile4x16(
            int p0,
            int k,
            float[] a,
            int a0,
            int aRow,
            int aCol,
            float[] b,
            int bOff,
            int[] bRows,
            float[] c,
            int c0,
            int ldc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector s00 = FloatVector.fromArray(F, c, c0);
        FloatVector s01 = FloatVector.fromArray(F, c, c0 + L);
        FloatVector s10 = FloatVector.fromArray(F, c, c1);
        FloatVector s11 = FloatVector.fromArray(F, c, c1 + L);
        FloatVector s20 = FloatVector.fromArray(F, c, c2);
        FloatVector s21 = FloatVector.fromArray(F, c, c2 + L);
        FloatVector s30 = FloatVector.fromArray(F, c, c3);
        FloatVector s31 = FloatVector.fromArray(F, c, c3 + L);
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        for (int p = 0, at = 0; p < k; p++, at += aCol) {
            int bp = bOff + bRows[p0 + p];
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + L);
            FloatVector x = FloatVector.broadcast(F, a[a0 + at]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(F, a[a1 + at]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(F, a[a2 + at]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(F, a[a3 + at]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
    }

    private static void tile1x16(
            int p0,
            int k,
            float[] a,
            int a0,
            int aCol,
            float[] b,
            int bOff,
            int[] bRows,
            float[] c,
            int c0) {
        FloatVector s0 = FloatVector.fromArray(F, c, c0);
        FloatVector s1 = FloatVector.fromArray(F, c, c0 + L);
        for (int p = 0; p < k; p++, a0 += aCol) {
            int bp = bOff + bRows[p0 + p];
            FloatVector x = FloatVector.broadcast(F, a[a0]);
            s0 = x.fma(FloatVector.fromArray(F, b, bp), s0);
            s1 = x.fma(FloatVector.fromArray(F, b, bp + L), s1);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c0 + L);
    }

    private static void tile1x8(
            int p0,
            int k,
            float[] a,
            int a0,
            int aCol,
            float[] b,
            int bOff,
            int[] bRows,
            float[] c,
            int c0) {
        FloatVector s0 = FloatVector.fromArray(F, c, c0);
        for (int p = 0; p < k; p++, a0 += aCol) {
            s0 =
                    FloatVector.broadcast(F, a[a0])
                            .fma(FloatVector.fromArray(F, b, bOff + bRows[p0 + p]), s0);
        }
        s0.intoArray(c, c0);
    }
}
