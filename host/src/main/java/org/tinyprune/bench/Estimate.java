package org.tinyprune.bench;

import java.util.Locale;

/**
 * The mean of a figure over seeds with its standard error: the sample standard deviation (n − 1 in
 * the denominator) over the square root of n. One value has no standard error (NaN).
 *
 * @param n how many values
 * @param mean their mean (NaN when there are none)
 * @param standardError the standard error of the mean (NaN for fewer than two values)
 */
public record Estimate(int n, double mean, double standardError) {
    /** The estimate from {@code values}. */
    public static Estimate of(double... values) {
        int n = values.length;
        if (n == 0) {
            return new Estimate(0, Double.NaN, Double.NaN);
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        if (n == 1) {
            return new Estimate(1, mean, Double.NaN);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new Estimate(n, mean, Math.sqrt(squares / (n - 1)) / Math.sqrt(n));
    }

    /** True when the standard error is known (two or more values). */
    public boolean errorKnown() {
        return n >= 2;
    }

    /** The standard error as text with {@code decimals} decimals, or {@code –} when unknown. */
    public String errorText(int decimals) {
        return errorKnown()
                ? String.format(Locale.ROOT, "%." + decimals + "f", standardError)
                : "–";
    }
}
