package org.tinyprune.report;

import java.util.Locale;

/**
 * Round-number ticks for an axis: the step is 1, 2 or 5 × 10^k, the smallest such that the range
 * holds at most {@value #MAX_INTERVALS} steps (at least 1 on an axis of whole numbers), and the
 * ticks are the multiples of the step inside the range; when that leaves fewer than three, the next
 * smaller step. Labels share one unit (k for thousands, M for millions when the largest tick
 * reaches 10^4 or 10^6) and as many decimals as the step needs.
 *
 * @param values the tick values, ascending
 * @param labels their labels
 * @param step the distance between ticks
 */
record Ticks(double[] values, String[] labels, double step) {
    /** At most this many steps between the lowest and the highest value of the range. */
    static final int MAX_INTERVALS = 7;

    private static final int[] MANTISSAS = {1, 2, 5};

    /**
     * Ticks of the range {@code [min, max]} ({@code max > min}).
     *
     * @param integers whether the axis only holds whole numbers (the step is then at least 1)
     */
    static Ticks of(double min, double max, boolean integers) {
        double range = max - min;
        if (!(range > 0) || !Double.isFinite(range)) {
            throw new IllegalArgumentException(
                    "axis range [" + min + ", " + max + "] is empty or not finite");
        }
        int exp = (int) Math.floor(Math.log10(range / MAX_INTERVALS));
        if (integers) {
            exp = Math.max(exp, 0);
        }
        int mantissa = mantissa(range, exp);
        while (mantissa == 0) {
            mantissa = mantissa(range, ++exp);
        }
        Ticks t = at(min, max, mantissa, exp);
        if (t.values.length < 3 && !(integers && exp == 0 && mantissa == 1)) {
            // fewer than 3 multiples means range < 3 steps, so the next smaller (≥ step / 2.5) fits
            // 7 too
            t = mantissa == 1 ? at(min, max, 5, exp - 1) : at(min, max, mantissa == 5 ? 2 : 1, exp);
        }
        return t;
    }

    /** The multiples of {@code mantissa × 10^exp} in {@code [min, max]}. */
    private static Ticks at(double min, double max, int mantissa, int exp) {
        double step = decimal(mantissa, exp);
        long first = (long) Math.ceil(min / step - 1e-9);
        long last = (long) Math.floor(max / step + 1e-9);
        double[] values = new double[(int) (last - first + 1)];
        for (int i = 0; i < values.length; i++) {
            values[i] = decimal((first + i) * mantissa, exp);
        }
        return new Ticks(values, labels(values, exp), step);
    }

    /** The smallest of 1, 2, 5 whose step {@code f × 10^exp} fits the range; 0 when none does. */
    private static int mantissa(double range, int exp) {
        for (int f : MANTISSAS) {
            if (range / decimal(f, exp) <= MAX_INTERVALS * (1 + 1e-9)) {
                return f;
            }
        }
        return 0;
    }

    /** {@code n × 10^exp} as the double nearest the decimal number (no 0.30000000000000004). */
    private static double decimal(long n, int exp) {
        return exp >= 0 ? n * Math.pow(10, exp) : n / Math.pow(10, -exp);
    }

    private static String[] labels(double[] values, int stepExp) {
        double largest = 0;
        for (double v : values) {
            largest = Math.max(largest, Math.abs(v));
        }
        int unitExp = largest >= 1e6 ? 6 : largest >= 1e4 ? 3 : 0;
        String suffix = unitExp == 6 ? "M" : unitExp == 3 ? "k" : "";
        int decimals = Math.max(0, unitExp - stepExp);
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] =
                    values[i] == 0
                            ? "0"
                            : String.format(
                                            Locale.ROOT,
                                            "%." + decimals + "f",
                                            values[i] / Math.pow(10, unitExp))
                                    + suffix;
        }
        return out;
    }
}
