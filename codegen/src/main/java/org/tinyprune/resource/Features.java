package org.tinyprune.resource;

/**
 * Indices of the latency features of a layer: the coefficients of {@link Coefficients#latency()}
 * multiply them, and calibration fits them.
 */
public final class Features {
    /** Multiply-accumulates. */
    public static final int MACS = 0;
    /** Output elements written. */
    public static final int OUTPUT = 1;
    /** Input elements read (summed over inputs). */
    public static final int INPUT = 2;
    /** One per layer: fixed call overhead. */
    public static final int CONSTANT = 3;
    /** Number of features. */
    public static final int COUNT = 4;

    private Features() {
    }
}
