package org.tinyprune.nn;

import java.util.Arrays;

/**
 * A named parameter array of a layer: its shape, its values and (when trainable) the gradient
 * accumulated by the last backward pass. Running statistics (BatchNorm mean/variance) are
 * non-trainable params so that checkpoints and exporters see them like any other weight.
 *
 * <p>Pruning replaces a layer's params with smaller ones by building a new layer (see {@code
 * Conv2d.selectChannels}); a param itself never changes size.
 */
public final class Param {
    private final String name;
    private final int[] shape;
    private final float[] values;
    private final float[] grads;
    private final boolean decay;

    /**
     * @param name local name within the layer, e.g. {@code weight}, {@code bias}, {@code
     *     running_mean}
     * @param shape shape, e.g. {@code [out, in/groups, kh, kw]} for a convolution weight
     * @param values initial values (not copied); length must match the shape
     * @param trainable whether an optimizer updates it (then it has a gradient array)
     * @param decay whether weight decay applies (true for conv/dense weights, false for biases and
     *     BN)
     */
    public Param(String name, int[] shape, float[] values, boolean trainable, boolean decay) {
        if (values.length != Shapes.size(shape)) {
            throw new IllegalArgumentException(
                    "param "
                            + name
                            + " has "
                            + values.length
                            + " values but shape "
                            + Arrays.toString(shape)
                            + " needs "
                            + Shapes.size(shape));
        }
        this.name = name;
        this.shape = shape.clone();
        this.values = values;
        this.grads = trainable ? new float[values.length] : null;
        this.decay = decay;
    }

    /** A trainable zero-initialised param. */
    public static Param trainable(String name, boolean decay, int... shape) {
        return new Param(name, shape, new float[Shapes.size(shape)], true, decay);
    }

    /** A non-trainable param (e.g. running statistics) filled with {@code fill}. */
    public static Param buffer(String name, float fill, int... shape) {
        float[] v = new float[Shapes.size(shape)];
        Arrays.fill(v, fill);
        return new Param(name, shape, v, false, false);
    }

    /** Local name within the layer. */
    public String name() {
        return name;
    }

    /** Shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int size() {
        return values.length;
    }

    /** The values (live array, not a copy). */
    public float[] values() {
        return values;
    }

    /** The gradient (live array), or null for a non-trainable param. */
    public float[] grads() {
        return grads;
    }

    /** True if an optimizer updates this param. */
    public boolean trainable() {
        return grads != null;
    }

    /** True if weight decay applies. */
    public boolean decay() {
        return decay;
    }

    /** Zeroes the gradient. */
    public void zeroGrad() {
        if (grads != null) {
            Arrays.fill(grads, 0f);
        }
    }

    /** Copies values from {@code src}, which must have the same shape. */
    public void copyFrom(float[] src) {
        if (src.length != values.length) {
            throw new IllegalArgumentException(
                    "param " + name + " expects " + values.length + " values, got " + src.length);
        }
        System.arraycopy(src, 0, values, 0, src.length);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
