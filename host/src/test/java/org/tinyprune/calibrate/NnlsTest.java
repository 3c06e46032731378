package org.tinyprune.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
            a[i] = new double[] {rnd.nextInt(1000, 500_000), rnd.nextInt(10, 5000), rnd.nextInt(10, 20000), 1};
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
}
