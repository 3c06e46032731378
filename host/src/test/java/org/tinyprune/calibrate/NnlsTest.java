package org.tinyprune.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NnlsTest {
    @Test
    void recoversExactNonNegativeCoefficients() {
        SplittableRandom rnd = new SplittableRandom(5);
        double[] truth = {1.5, 12, 0.25, 400};
        double[][] a = new double[30][];
        double[] y = new double[30];
        double[] w = new double[30];
        for (int i = 0; i < a.length; i++) {
            a[i] =
                    new double[] {
                        rnd.nextInt(1000, 500_000), rnd.nextInt(10, 5000), rnd.nextInt(10, 20000), 1
                    };
            for (int j = 0; j < 4; j++) {
                y[i] += a[i][j] * truth[j];
            }
            w[i] = 1 / y[i];
        }
        assertArrayEquals(truth, Nnls.solve(a, y, w), 1e-6);
    }

    @Test
    void clampsAtZeroLikeTheHandWorkedOptimum() {
        // y = 2x − 1 at x = 1, 2, 3: the unconstrained intercept is −1; with intercept ≥ 0 the
        // optimum drops it to 0 and fits the slope alone: slope = Σxy/Σx² = (1+6+15)/14 = 22/14.
        double[][] a = {{1, 1}, {2, 1}, {3, 1}};
        double[] y = {1, 3, 5};
        double[] w = {1, 1, 1};
        double[] x = Nnls.solve(a, y, w);
        assertEquals(22.0 / 14, x[0], 1e-12);
        assertEquals(0, x[1], 0);
    }

    @Test
    void zeroColumnsStayZero() {
        double[][] a = {{0, 1}, {0, 2}, {0, 3}};
        double[] x = Nnls.solve(a, new double[] {2, 4, 6}, new double[] {1, 1, 1});
        assertArrayEquals(new double[] {0, 2}, x, 1e-12);
    }

    @Test
    void theColumnThatEntersFirstCanLeaveAgain() {
        // Columns (0,2,0), (2,0,2), (2,1,1); y = (2,1,2). Scaled to unit norm, the gradients at x =
        // 0
        // are 2/2 = 1, 8/√8 ≈ 2.83 and 7/√6 ≈ 2.86, so the third column enters first; with the
        // second
        // beside it the third's coefficient turns negative and it leaves, and the first enters.
        // The matrix is invertible and A·(0.5, 1, 0) = (2, 1, 2) = y exactly: zero cost, x ≥ 0, so
        // that is the unique optimum.
        double[][] a = {{0, 2, 2}, {2, 0, 1}, {0, 2, 1}};
        double[] x = Nnls.solve(a, new double[] {2, 1, 2}, new double[] {1, 1, 1});
        assertArrayEquals(new double[] {0.5, 1, 0}, x, 1e-12);
        assertEquals(0, x[2], 0, "a column that left is exactly zero");
    }

    @Test
    void everyGradientNegativeAtZeroGivesZero() {
        // Aᵀy = (−1 − 3, −2 − 3) < 0: no column can lower the cost from x = 0.
        double[][] a = {{1, 0}, {0, 1}, {1, 1}};
        double[] x = Nnls.solve(a, new double[] {-1, -2, -3}, new double[] {1, 1, 1});
        assertArrayEquals(new double[] {0, 0}, x, 0);
    }

    @Test
    void matchesTheExhaustiveSearchAndTheOptimalityConditionsOnRandomProblems() {
        SplittableRandom rnd = new SplittableRandom(19);
        for (int trial = 0; trial < 300; trial++) {
            int n = rnd.nextInt(1, 9);
            int m = rnd.nextInt(n, 40);
            double[][] a = new double[m][n];
            double[] y = new double[m];
            double[] w = new double[m];
            double[] colScale = new double[n];
            double[] truth = new double[n];
            for (int j = 0; j < n; j++) {
                colScale[j] = Math.pow(10, rnd.nextInt(-2, 6)); // features of very different sizes
                truth[j] = rnd.nextDouble(-1, 2) / colScale[j];
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] = rnd.nextDouble() * colScale[j];
                    y[i] += a[i][j] * truth[j];
                }
                y[i] += rnd.nextDouble(-0.3, 0.3);
                w[i] = rnd.nextDouble(0.1, 2);
            }
            if (n > 1 && trial % 5 == 0) {
                for (int i = 0; i < m; i++) {
                    a[i][n - 1] =
                            3 * a[i][0]; // a dependent column: the optimum's cost is still unique
                }
            }
            double[] x = Nnls.solve(a, y, w);
            double[] ref = ExhaustiveNnls.solve(a, y, w);
            double best = ExhaustiveNnls.cost(a, y, w, ref);
            assertEquals(
                    best,
                    ExhaustiveNnls.cost(a, y, w, x),
                    1e-9 * Math.max(1, best),
                    "trial " + trial);
            if (trial % 5 != 0) {
                for (int j = 0; j < n; j++) {
                    assertEquals(
                            ref[j] * colScale[j],
                            x[j] * colScale[j],
                            1e-7,
                            "trial " + trial + " column " + j);
                }
            }
            assertOptimal(a, y, w, x, "trial " + trial);
        }
    }

    @Test
    void solvesTwentyColumnsWhichTheExhaustiveSearchRefused() {
        SplittableRandom rnd = new SplittableRandom(20);
        int m = 80;
        int n = 20;
        double[] truth = new double[n];
        for (int j = 0; j < n; j++) {
            truth[j] =
                    j % 3 == 0
                            ? 0
                            : rnd.nextDouble(0.5, 5); // a third of the columns are not needed
        }
        double[][] a = new double[m][n];
        double[] y = new double[m];
        double[] noisy = new double[m];
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = rnd.nextDouble(0, 10);
                y[i] += a[i][j] * truth[j];
            }
            noisy[i] = y[i] + rnd.nextDouble(-20, 20);
            w[i] = 1 / y[i];
        }
        assertThrows(IllegalArgumentException.class, () -> ExhaustiveNnls.solve(a, y, w));
        assertArrayEquals(truth, Nnls.solve(a, y, w), 1e-9);
        double[] x = Nnls.solve(a, noisy, w);
        assertOptimal(a, noisy, w, x, "noisy");
        assertTrue(
                java.util.Arrays.stream(x).anyMatch(v -> v == 0),
                "noise this large pins some column at zero");
    }

    /**
     * The Karush-Kuhn-Tucker conditions of the weighted problem: {@code x ≥ 0}, and the gradient
     * {@code g = Aᵀ W² (y − Ax)} is zero where {@code x > 0} and not positive where {@code x = 0}
     * (relative to the column's weighted norm and the weighted targets' norm).
     */
    static void assertOptimal(double[][] a, double[] y, double[] w, double[] x, String what) {
        int n = x.length;
        double wy = 0;
        double[] norm = new double[n];
        double[] g = new double[n];
        for (int i = 0; i < a.length; i++) {
            double r = y[i];
            for (int j = 0; j < n; j++) {
                r -= a[i][j] * x[j];
            }
            for (int j = 0; j < n; j++) {
                g[j] += w[i] * w[i] * a[i][j] * r;
                norm[j] += Math.pow(w[i] * a[i][j], 2);
            }
            wy += Math.pow(w[i] * y[i], 2);
        }
        for (int j = 0; j < n; j++) {
            assertTrue(x[j] >= 0, what + ": x[" + j + "] = " + x[j]);
            double rel = g[j] / Math.sqrt(norm[j] * wy);
            if (x[j] > 0) {
                assertEquals(0, rel, 1e-8, what + ": gradient of positive x[" + j + "]");
            } else {
                assertTrue(rel <= 1e-8, what + ": gradient of zero x[" + j + "] = " + rel);
            }
        }
    }
}
