package org.tinyprune.nn;

import java.util.Arrays;

/** Small helpers for {@code int[]} shapes. */
public final class Shapes {
    private Shapes() {}

    /** Product of the dimensions. */
    public static int size(int... shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        return size;
    }

    /** {@code batch} followed by {@code sample}: the batched shape of a per-sample shape. */
    public static int[] batched(int batch, int[] sample) {
        int[] shape = new int[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return shape;
    }

    /** Human-readable form, e.g. {@code [16, 14, 14]}. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Output length of a sliding window: floor((in + 2 pad - kernel) / stride) + 1. */
    public static int windowOut(int in, int kernel, int stride, int pad) {
        return (in + 2 * pad - kernel) / stride + 1;
    }
}
