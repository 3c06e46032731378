package org.tinyprune.nn;

import java.util.Arrays;

/**
 * A dense float32 tensor: a shape and a row-major {@code float[]}. Image tensors are NCHW (batch,
 * channels, height, width); feature tensors are NF.
 *
 * <p>Tensors are plain holders: layers may return a tensor that shares its data array with an input
 * (a view, e.g. {@code Flatten}), and reuse their output tensors from one call to the next. Callers
 * that keep a result beyond the next call must {@link #copy()} it.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    /** A zero-filled tensor of the given shape. */
    public Tensor(int... shape) {
        this(shape, new float[checkedSize(shape)]);
    }

    /**
     * A tensor over existing data (not copied).
     *
     * @throws IllegalArgumentException if {@code data.length} is not the product of {@code shape}
     */
    public Tensor(int[] shape, float[] data) {
        int size = checkedSize(shape);
        if (data.length < size) {
            throw new IllegalArgumentException(
                    "tensor data has "
                            + data.length
                            + " elements but shape "
                            + Arrays.toString(shape)
                            + " needs "
                            + size);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    private static int checkedSize(int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(
                        "tensor shape "
                                + Arrays.toString(shape)
                                + " has a non-positive dimension; every dimension must be >= 1");
            }
            size *= d;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "tensor shape " + Arrays.toString(shape) + " is too large");
        }
        return (int) size;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return Shapes.size(shape);
    }

    /** Batch size (dimension 0). */
    public int batch() {
        return shape[0];
    }

    /** Elements per batch item (the product of all dimensions but the first). */
    public int sampleSize() {
        return size() / shape[0];
    }

    /** The backing array (not a copy; may be longer than {@link #size()}). */
    public float[] data() {
        return data;
    }

    /** True if this tensor has exactly the given shape. */
    public boolean hasShape(int... other) {
        return Arrays.equals(shape, other);
    }

    /** A tensor with a new shape of the same size, sharing this tensor's data. */
    public Tensor view(int... newShape) {
        if (Shapes.size(newShape) != size()) {
            throw new IllegalArgumentException(
                    "cannot view shape "
                            + Arrays.toString(shape)
                            + " as "
                            + Arrays.toString(newShape)
                            + ": sizes differ");
        }
        return new Tensor(newShape, data);
    }

    /** A deep copy (data trimmed to {@link #size()}). */
    public Tensor copy() {
        return new Tensor(shape, Arrays.copyOf(data, size()));
    }

    /** Sets every element to zero. */
    public void zero() {
        Arrays.fill(data, 0, size(), 0f);
    }

    /**
     * The tensor of the given shape: {@code reuse} itself if it already has that shape, else a new
     * one.
     */
    public static Tensor reuse(Tensor reuse, int... shape) {
        return reuse != null && reuse.hasShape(shape) ? reuse : new Tensor(shape);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
