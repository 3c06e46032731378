package org.tinyprune.ir;

/**
 * An output clamp in real units: fused ReLU is {@code [0, +inf]}, ReLU6 {@code [0, 6]}, no
 * activation {@code [-inf, +inf]}.
 *
 * @param min lower bound (may be {@link Float#NEGATIVE_INFINITY})
 * @param max upper bound (may be {@link Float#POSITIVE_INFINITY})
 */
public record Clamp(float min, float max) {
    /** No clamping. */
    public static final Clamp NONE = new Clamp(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);

    /** ReLU: {@code max(x, 0)}. */
    public static final Clamp RELU = new Clamp(0f, Float.POSITIVE_INFINITY);

    /** ReLU6: {@code min(max(x, 0), 6)}. */
    public static final Clamp RELU6 = new Clamp(0f, 6f);

    /** Validates the bounds. */
    public Clamp {
        if (Float.isNaN(min) || Float.isNaN(max) || min > max) {
            throw new IllegalArgumentException(
                    "clamp bounds must satisfy min <= max, got [" + min + ", " + max + "]");
        }
    }

    /** True when this clamp changes nothing. */
    public boolean isNone() {
        return min == Float.NEGATIVE_INFINITY && max == Float.POSITIVE_INFINITY;
    }

    /** The intersection of this clamp and another (fusing two activations). */
    public Clamp intersect(Clamp other) {
        float lo = Math.max(min, other.min);
        float hi = Math.min(max, other.max);
        return new Clamp(lo, Math.max(lo, hi));
    }

    /**
     * The int8 activation range {@code {act_min, act_max}} for an output quantised with {@code
     * (scale, zeroPoint)}: the bounds quantised with round-half-away-from-zero ({@code zp +
     * round(bound / scale)}), intersected with [-128, 127] (TFLite's rule).
     */
    public int[] int8Range(float scale, int zeroPoint) {
        int lo = -128;
        int hi = 127;
        if (min != Float.NEGATIVE_INFINITY) {
            lo = (int) Math.max(lo, zeroPoint + roundHalfAway(min / scale));
        }
        if (max != Float.POSITIVE_INFINITY) {
            hi = (int) Math.min(hi, zeroPoint + roundHalfAway(max / scale));
        }
        return new int[] {lo, Math.max(lo, hi)};
    }

    private static long roundHalfAway(double v) {
        return (long) (v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5));
    }
}
