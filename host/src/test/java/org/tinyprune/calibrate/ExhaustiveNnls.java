package org.tinyprune.calibrate;

/**
 * The exhaustive non-negative least squares that {@link Nnls} replaced, kept as a test reference:
 * the optimum is the unconstrained least-squares solution on some subset of the columns, so every
 * subset is solved (normal equations, Gaussian elimination) and the best feasible one kept. Exact
 * but exponential, hence the cap of {@value #MAX_COLUMNS} columns.
 */
final class ExhaustiveNnls {
    /** Largest number of unknowns (2^n subsets are tried). */
    static final int MAX_COLUMNS = 12;

    private ExhaustiveNnls() {}

    /**
     * Solves the problem.
     *
     * @param a rows of features
     * @param y targets
     * @param weights row weights (e.g. 1/y for relative error)
     * @return the non-negative solution (zeros for columns that are all zero)
     */
    static double[] solve(double[][] a, double[] y, double[] weights) {
        int n = a[0].length;
        if (n > MAX_COLUMNS) {
            throw new IllegalArgumentException(
                    n + " unknowns; exhaustive NNLS handles at most " + MAX_COLUMNS);
        }
        double[] scale = new double[n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < a.length; i++) {
                scale[j] += Math.pow(weights[i] * a[i][j], 2);
            }
            scale[j] = Math.sqrt(scale[j]);
        }
        double[] best = new double[n];
        double bestCost = cost(a, y, weights, best);
        for (int mask = 1; mask < 1 << n; mask++) {
            double[] x = solveOn(a, y, weights, scale, mask);
            if (x != null) {
                double c = cost(a, y, weights, x);
                if (c < bestCost - 1e-12 * Math.max(1, bestCost)) {
                    bestCost = c;
                    best = x;
                }
            }
        }
        return best;
    }

    /**
     * Least squares on the columns in {@code mask}; null when singular or some value is negative.
     */
    private static double[] solveOn(
            double[][] a, double[] y, double[] w, double[] scale, int mask) {
        int n = a[0].length;
        int[] cols = new int[Integer.bitCount(mask)];
        for (int j = 0, k = 0; j < n; j++) {
            if ((mask & 1 << j) != 0) {
                if (scale[j] == 0) {
                    return null;
                }
                cols[k++] = j;
            }
        }
        int m = cols.length;
        double[][] g = new double[m][m + 1];
        for (int i = 0; i < a.length; i++) {
            double wi = w[i] * w[i];
            for (int p = 0; p < m; p++) {
                double ap = a[i][cols[p]] / scale[cols[p]];
                for (int q = 0; q < m; q++) {
                    g[p][q] += wi * ap * a[i][cols[q]] / scale[cols[q]];
                }
                g[p][m] += wi * ap * y[i];
            }
        }
        double[] z = gauss(g);
        if (z == null) {
            return null;
        }
        double[] x = new double[n];
        for (int p = 0; p < m; p++) {
            if (z[p] < 0) {
                return null;
            }
            x[cols[p]] = z[p] / scale[cols[p]];
        }
        return x;
    }

    /** Gaussian elimination with partial pivoting on an augmented matrix; null when singular. */
    private static double[] gauss(double[][] g) {
        int m = g.length;
        for (int c = 0; c < m; c++) {
            int piv = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(g[r][c]) > Math.abs(g[piv][c])) {
                    piv = r;
                }
            }
            if (Math.abs(g[piv][c]) < 1e-10) {
                return null;
            }
            double[] t = g[c];
            g[c] = g[piv];
            g[piv] = t;
            for (int r = 0; r < m; r++) {
                if (r != c) {
                    double f = g[r][c] / g[c][c];
                    for (int k = c; k <= m; k++) {
                        g[r][k] -= f * g[c][k];
                    }
                }
            }
        }
        double[] z = new double[m];
        for (int r = 0; r < m; r++) {
            z[r] = g[r][m] / g[r][r];
        }
        return z;
    }

    /** The weighted squared residual sum of {@code x}: sum of (w_i (y_i - a_i x))^2. */
    static double cost(double[][] a, double[] y, double[] w, double[] x) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double r = y[i];
            for (int j = 0; j < x.length; j++) {
                r -= a[i][j] * x[j];
            }
            s += Math.pow(w[i] * r, 2);
        }
        return s;
    }
}
