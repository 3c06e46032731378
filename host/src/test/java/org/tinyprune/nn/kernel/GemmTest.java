package org.tinyprune.nn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector GEMMs against a double-precision reference, at sizes that reach every tile and tail
 * (rows not a multiple of 4, columns not a multiple of 16 or 8, reductions longer than one {@link
 * Gemm#KB} block and not a multiple of the vector length), with offsets, a row table that is not
 * strided, and C accumulated into rather than overwritten. The layer gradient tests use reductions
 * far shorter than one block.
 */
class GemmTest {
    private static final int[][] SIZES = {
        {1, 1, 1}, {4, 16, 8}, {5, 27, 300}, {7, 9, 513}, {3, 40, 17}
    };

    private final SplittableRandom rng = new SplittableRandom(3);

    private float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return a;
    }

    /**
     * Row table with rows in reverse order and a gap between them, so no kernel may assume a
     * stride.
     */
    private static int[] shuffledRows(int count, int length) {
        int[] rows = new int[count];
        for (int r = 0; r < count; r++) {
            rows[r] = (count - 1 - r) * (length + 3);
        }
        return rows;
    }

    private static void assertClose(double[] want, float[] got, int off, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(
                    want[i], got[off + i], 1e-4 * (1 + Math.abs(want[i])), what + " [" + i + "]");
        }
    }

    @Test
    void nnMatchesReferenceForRowMajorAndTransposedA() {
        for (int[] s : SIZES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            int[] bRows = shuffledRows(k, n);
            float[] b = random(2 + k * (n + 3) + Gemm.L);
            float[] c0 = random(1 + m * n);
            for (boolean transposed : new boolean[] {false, true}) {
                float[] a = random(5 + m * k);
                int aRow = transposed ? 1 : k;
                int aCol = transposed ? m : 1;
                double[] want = new double[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = c0[1 + i * n + j];
                        for (int p = 0; p < k; p++) {
                            sum += (double) a[5 + i * aRow + p * aCol] * b[2 + bRows[p] + j];
                        }
                        want[i * n + j] = sum;
                    }
                }
                float[] c = c0.clone();
                Gemm.nn(m, n, k, a, 5, aRow, aCol, b, 2, bRows, c, 1, n);
                assertClose(want, c, 1, "nn " + m + "x" + n + "x" + k + (transposed ? " Aᵀ" : ""));
                assertEquals(c0[0], c[0], 0f, "nn wrote before C");
            }
        }
    }

    @Test
    void ntMatchesReference() {
        for (int[] s : SIZES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = random(3 + m * k);
            int[] bRows = shuffledRows(n, k);
            float[] b = random(4 + n * (k + 3));
            float[] c0 = random(2 + m * n);
            double[] want = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = c0[2 + i * n + j];
                    for (int p = 0; p < k; p++) {
                        sum += (double) a[3 + i * k + p] * b[4 + bRows[j] + p];
                    }
                    want[i * n + j] = sum;
                }
            }
            float[] c = c0.clone();
            Gemm.nt(m, n, k, a, 3, k, b, 4, bRows, c, 2, n);
            assertClose(want, c, 2, "nt " + m + "x" + n + "x" + k);
            assertArrayEquals(
                    new float[] {c0[0], c0[1]}, new float[] {c[0], c[1]}, 0f, "nt wrote before C");
        }
    }

    @Test
    void stridedReusesATableWithRoomAndReplacesOneWithout() {
        int[] room = new int[6];
        assertSame(room, Gemm.strided(4, 5, room));
        assertArrayEquals(new int[] {0, 5, 10, 15, 0, 0}, room);
        int[] grown = Gemm.strided(3, 2, new int[2]);
        assertArrayEquals(new int[] {0, 2, 4}, grown);
        assertArrayEquals(new int[] {0, 7}, Gemm.strided(2, 7, null));
    }
}
