package org.tinyprune.ir;

import java.util.Arrays;

/**
 * Affine quantisation parameters: {@code real = scale * (q - zeroPoint)}. Per-tensor (one scale and
 * zero point, {@link #axis()} = -1) or per-axis (one pair per index along {@link #axis()}, used for
 * weights on axis 0 and for biases).
 */
public final class Quantization {
    private final float[] scales;
    private final int[] zeroPoints;
    private final int axis;

    private Quantization(float[] scales, int[] zeroPoints, int axis) {
        if (scales.length == 0 || scales.length != zeroPoints.length) {
            throw new IllegalArgumentException(
                    "quantization needs as many zero points as scales (>= 1), got "
                            + scales.length
                            + " scales and "
                            + zeroPoints.length
                            + " zero points");
        }
        for (float s : scales) {
            if (!(s > 0f) || Float.isInfinite(s)) {
                throw new IllegalArgumentException(
                        "quantization scale must be finite and > 0, got " + s);
            }
        }
        this.scales = scales.clone();
        this.zeroPoints = zeroPoints.clone();
        this.axis = axis;
    }

    /** Per-tensor parameters. */
    public static Quantization perTensor(float scale, int zeroPoint) {
        return new Quantization(new float[] {scale}, new int[] {zeroPoint}, -1);
    }

    /** Per-axis parameters with the given zero points. */
    public static Quantization perAxis(float[] scales, int[] zeroPoints, int axis) {
        if (axis < 0) {
            throw new IllegalArgumentException(
                    "per-axis quantization needs axis >= 0, got " + axis);
        }
        return new Quantization(scales, zeroPoints, axis);
    }

    /**
     * Per-axis symmetric parameters (all zero points 0), the form of int8 weights and int32 biases.
     */
    public static Quantization perAxis(float[] scales, int axis) {
        return perAxis(scales, new int[scales.length], axis);
    }

    /** True when there is one scale per index along {@link #axis()}. */
    public boolean isPerAxis() {
        return axis >= 0;
    }

    /** The quantised axis, or -1 for per-tensor parameters. */
    public int axis() {
        return axis;
    }

    /** Number of (scale, zero point) pairs. */
    public int size() {
        return scales.length;
    }

    /** Scale for index {@code i} along the axis (any {@code i} for per-tensor parameters). */
    public float scale(int i) {
        return isPerAxis() ? scales[i] : scales[0];
    }

    /** Zero point for index {@code i} along the axis (any {@code i} for per-tensor parameters). */
    public int zeroPoint(int i) {
        return isPerAxis() ? zeroPoints[i] : zeroPoints[0];
    }

    /** The single scale of per-tensor parameters. */
    public float scale() {
        requirePerTensor();
        return scales[0];
    }

    /** The single zero point of per-tensor parameters. */
    public int zeroPoint() {
        requirePerTensor();
        return zeroPoints[0];
    }

    /** A copy of all scales. */
    public float[] scales() {
        return scales.clone();
    }

    /** A copy of all zero points. */
    public int[] zeroPoints() {
        return zeroPoints.clone();
    }

    private void requirePerTensor() {
        if (isPerAxis()) {
            throw new IllegalStateException(
                    "per-axis quantization (axis " + axis + ") has no single scale/zero point");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantization q
                && axis == q.axis
                && Arrays.equals(scales, q.scales)
                && Arrays.equals(zeroPoints, q.zeroPoints);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(scales) + Arrays.hashCode(zeroPoints)) + axis;
    }

    @Override
    public String toString() {
        return isPerAxis()
                ? "perAxis(axis=" + axis + ", n=" + scales.length + ")"
                : "perTensor(scale=" + scales[0] + ", zp=" + zeroPoints[0] + ")";
    }
}
