package org.tinyprune.calibrate;

import java.util.Arrays;

/**
 * Weighted non-negative least squares: minimise {@code Σ w_i² (a_i·x − y_i)²} subject to {@code x ≥
 * 0}, by the active-set method of Lawson and Hanson (Solving Least Squares Problems, 1974, ch. 23).
 * Columns are scaled to unit norm first; columns that are all zero stay zero.
 *
 * <p>The method keeps a passive set P of columns free to be positive (the rest are held at zero).
 * While some held column's gradient {@code Aᵀ(y − Ax)} is positive, the one with the largest joins
 * P; least squares on P (Householder QR, {@link HouseholderQr}) gives a trial point, and when a
 * coefficient of the trial point is not positive the step towards it stops where the first
 * coefficient reaches zero and that column leaves P. At the end the Karush-Kuhn-Tucker conditions
 * hold: {@code x ≥ 0}, the gradient is zero on P and not positive elsewhere.
 */
final class Nnls {
    /** Gradients at most this fraction of {@code ‖w·y‖} count as zero (rounding noise). */
    private static final double GRADIENT_TOL = 1e-11;

    /** A unit column whose part outside the span of P is at most this counts as dependent on P. */
    private static final double RANK_TOL = 1e-10;

    private Nnls() {}

    /**
     * Solves the problem.
     *
     * @param a rows of features
     * @param y targets
     * @param weights row weights (e.g. 1/y for relative error)
     * @return the non-negative solution (zeros for columns that are all zero)
     */
    static double[] solve(double[][] a, double[] y, double[] weights) {
        int m = a.length;
        int n = a[0].length;
        double[] scale = new double[n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                scale[j] += Math.pow(weights[i] * a[i][j], 2);
            }
            scale[j] = Math.sqrt(scale[j]);
        }
        double[][] b = new double[m][n];
        double[] c = new double[m];
        double cNorm = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                b[i][j] = scale[j] == 0 ? 0 : weights[i] * a[i][j] / scale[j];
            }
            c[i] = weights[i] * y[i];
            cNorm += c[i] * c[i];
        }
        double[] z = lawsonHanson(b, c, scale, GRADIENT_TOL * Math.sqrt(cNorm));
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = z[j] == 0 ? 0 : z[j] / scale[j];
        }
        return x;
    }

    /** Lawson-Hanson on unit columns; columns of zero {@code scale} never enter. */
    private static double[] lawsonHanson(double[][] b, double[] c, double[] scale, double tol) {
        int n = scale.length;
        boolean[] passive = new boolean[n];
        boolean[] dependent = new boolean[n]; // on P as it stands; cleared when a column leaves P
        double[] x = new double[n];
        int maxIterations = 30 * (n + 1);
        for (int iteration = 0; ; iteration++) {
            if (iteration > maxIterations) {
                throw new IllegalArgumentException(
                        "non-negative least squares did not converge in "
                                + maxIterations
                                + " steps on "
                                + b.length
                                + " rows × "
                                + n
                                + " features: the features are too close to"
                                + " collinear; measure more varied layers");
            }
            double[] g = gradient(b, c, x);
            int t = -1;
            for (int j = 0; j < n; j++) {
                if (!passive[j]
                        && !dependent[j]
                        && scale[j] > 0
                        && g[j] > tol
                        && (t < 0 || g[j] > g[t])) {
                    t = j;
                }
            }
            if (t < 0) {
                return x;
            }
            passive[t] = true;
            double[] s = solveOn(b, c, passive);
            if (s == null || s[t] <= 0) {
                // t lies (numerically) in the span of P: it cannot lower the cost; try the next
                // column
                passive[t] = false;
                dependent[t] = true;
                continue;
            }
            while (!allPositive(s, passive)) {
                // step from x towards s until the first coefficient reaches zero; it leaves P
                double alpha = Double.POSITIVE_INFINITY;
                int q = -1;
                for (int j = 0; j < n; j++) {
                    if (passive[j] && s[j] <= 0) {
                        double ratio =
                                x[j] == 0 ? 0 : x[j] / (x[j] - s[j]); // x = s = 0 would be 0/0
                        if (ratio < alpha) {
                            alpha = ratio;
                            q = j;
                        }
                    }
                }
                for (int j = 0; j < n; j++) {
                    if (passive[j]) {
                        x[j] += alpha * (s[j] - x[j]);
                        if (j == q || x[j] <= 0) {
                            x[j] = 0;
                            passive[j] = false;
                        }
                    }
                }
                Arrays.fill(dependent, false);
                s = solveOn(b, c, passive);
                if (s == null) {
                    throw new IllegalStateException(
                            "a subset of independent columns became dependent");
                }
            }
            x = s;
        }
    }

    private static boolean allPositive(double[] s, boolean[] passive) {
        for (int j = 0; j < s.length; j++) {
            if (passive[j] && s[j] <= 0) {
                return false;
            }
        }
        return true;
    }

    /** Least squares on the passive columns (zero elsewhere); null when they are dependent. */
    private static double[] solveOn(double[][] b, double[] c, boolean[] passive) {
        int k = 0;
        for (boolean p : passive) {
            k += p ? 1 : 0;
        }
        int[] cols = new int[k];
        for (int j = 0, p = 0; j < passive.length; j++) {
            if (passive[j]) {
                cols[p++] = j;
            }
        }
        double[] z = HouseholderQr.solve(b, c, cols, RANK_TOL);
        if (z == null) {
            return null;
        }
        double[] s = new double[passive.length];
        for (int p = 0; p < k; p++) {
            s[cols[p]] = z[p];
        }
        return s;
    }

    /** {@code Bᵀ(c − Bx)}: the negative gradient of half the squared residual. */
    private static double[] gradient(double[][] b, double[] c, double[] x) {
        int n = x.length;
        double[] g = new double[n];
        for (int i = 0; i < b.length; i++) {
            double r = c[i];
            for (int j = 0; j < n; j++) {
                r -= b[i][j] * x[j];
            }
            for (int j = 0; j < n; j++) {
                g[j] += b[i][j] * r;
            }
        }
        return g;
    }
}
