package org.tinyprune.calibrate;

/**
 * Linear least squares {@code min ‖B z − c‖} by Householder QR: each column in turn is reflected
 * onto its diagonal ({@code H = I − 2vvᵀ/vᵀv}), the same reflections are applied to {@code c}, and
 * the triangular system {@code R z = Qᵀc} is solved by back substitution. Avoids the normal
 * equations, which square the condition number.
 */
final class HouseholderQr {
    private HouseholderQr() {}

    /**
     * Solves the least-squares problem on some columns of {@code b}.
     *
     * @param b rows of the matrix
     * @param c right-hand side, one entry per row
     * @param cols the columns to use, in order
     * @param rankTol a column whose part orthogonal to the earlier ones has norm at most this
     *     counts as dependent
     * @return the solution, one entry per column of {@code cols}; null when the columns are
     *     (numerically) linearly dependent or outnumber the rows
     */
    static double[] solve(double[][] b, double[] c, int[] cols, double rankTol) {
        int m = b.length;
        int k = cols.length;
        if (k > m) {
            return null;
        }
        double[][] r = new double[k][m]; // column-major copy, reduced in place
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < m; i++) {
                r[p][i] = b[i][cols[p]];
            }
        }
        double[] q = c.clone();
        double[] diag = new double[k];
        for (int j = 0; j < k; j++) {
            double[] v = r[j];
            double norm = 0;
            for (int i = j; i < m; i++) {
                norm += v[i] * v[i];
            }
            norm = Math.sqrt(norm);
            if (norm <= rankTol) {
                return null;
            }
            double alpha =
                    v[j] > 0 ? -norm : norm; // the sign that avoids cancellation in v[j] - alpha
            v[j] -= alpha;
            double vv = 0;
            for (int i = j; i < m; i++) {
                vv += v[i] * v[i];
            }
            for (int p = j + 1; p < k; p++) {
                reflect(v, vv, r[p], j);
            }
            reflect(v, vv, q, j);
            diag[j] = alpha;
        }
        double[] z = new double[k];
        for (int j = k - 1; j >= 0; j--) {
            double s = q[j];
            for (int p = j + 1; p < k; p++) {
                s -= r[p][j] * z[p];
            }
            z[j] = s / diag[j];
        }
        return z;
    }

    /** Applies {@code I − 2vvᵀ/vv} (v zero above row {@code from}) to {@code x} in place. */
    private static void reflect(double[] v, double vv, double[] x, int from) {
        double dot = 0;
        for (int i = from; i < v.length; i++) {
            dot += v[i] * x[i];
        }
        double f = 2 * dot / vv;
        for (int i = from; i < v.length; i++) {
            x[i] -= f * v[i];
        }
    }
}
