package org.tinyprune.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HouseholderQrTest {
    @Test
    void fitsALineThroughThreePointsLikeTheNormalEquations() {
        // y = 1, 2, 4 at x = 0, 1, 2: slope = Σ(x − 1)(y − 7/3) / Σ(x − 1)² = 3/2, intercept = 7/3
        // − 3/2 = 5/6
        double[][] b = {{0, 1}, {1, 1}, {2, 1}};
        assertArrayEquals(
                new double[] {1.5, 5.0 / 6},
                HouseholderQr.solve(b, new double[] {1, 2, 4}, new int[] {0, 1}, 1e-10),
                1e-14);
        // only the chosen columns, in the chosen order: the mean alone
        assertArrayEquals(
                new double[] {7.0 / 3},
                HouseholderQr.solve(b, new double[] {1, 2, 4}, new int[] {1}, 1e-10),
                1e-14);
    }

    @Test
    void refusesDependentColumnsAndMoreColumnsThanRows() {
        double[][] b = {{1, 2, 0}, {2, 4, 1}, {3, 6, 0}};
        assertNull(
                HouseholderQr.solve(b, new double[] {1, 2, 3}, new int[] {0, 1}, 1e-10),
                "column 1 = 2 × column 0");
        assertNull(
                HouseholderQr.solve(
                        new double[][] {{1, 2}}, new double[] {1}, new int[] {0, 1}, 1e-10));
    }
}
