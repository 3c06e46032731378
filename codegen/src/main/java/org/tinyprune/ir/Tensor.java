package org.tinyprune.ir;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named tensor: shape, element type, optional quantisation and, for constants (weights, biases),
 * its data. Activations have no data.
 *
 * <p>Constant data is row-major over {@link #shape()} and stored in the array matching the dtype:
 * {@link #floatData()} for FLOAT32, {@link #int8Data()} for INT8, {@link #int32Data()} for INT32.
 * The arrays are copied in and handed out without copying: callers must treat them as read-only.
 */
public final class Tensor {
    private final String name;
    private final int[] shape;
    private final DType dtype;
    private final Quantization quantization;
    private final Object data;

    private Tensor(String name, int[] shape, DType dtype, Quantization quantization, Object data) {
        this.name = Objects.requireNonNull(name, "name");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.quantization = quantization;
        this.data = data;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("tensor name must not be empty");
        }
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(
                        "tensor '"
                                + name
                                + "' has non-positive dimension in shape "
                                + Arrays.toString(shape)
                                + "; dynamic or empty shapes are not supported");
            }
        }
        if (quantization != null && quantization.isPerAxis()) {
            int axis = quantization.axis();
            if (axis >= shape.length || shape[axis] != quantization.size()) {
                throw new IllegalArgumentException(
                        "tensor '"
                                + name
                                + "' shape "
                                + Arrays.toString(shape)
                                + " does not match per-axis quantization on axis "
                                + axis
                                + " with "
                                + quantization.size()
                                + " scales");
            }
        }
    }

    /** An activation (no data). */
    public static Tensor activation(
            String name, int[] shape, DType dtype, Quantization quantization) {
        return new Tensor(name, shape, dtype, quantization, null);
    }

    /** A float constant. */
    public static Tensor constant(String name, int[] shape, float[] values) {
        checkLength(name, shape, values.length);
        return new Tensor(name, shape, DType.FLOAT32, null, values.clone());
    }

    /** An int8 constant with its quantisation. */
    public static Tensor constant(
            String name, int[] shape, byte[] values, Quantization quantization) {
        checkLength(name, shape, values.length);
        return new Tensor(
                name,
                shape,
                DType.INT8,
                Objects.requireNonNull(quantization, "quantization"),
                values.clone());
    }

    /** An int32 constant (a quantised bias) with its quantisation. */
    public static Tensor constant(
            String name, int[] shape, int[] values, Quantization quantization) {
        checkLength(name, shape, values.length);
        return new Tensor(
                name,
                shape,
                DType.INT32,
                Objects.requireNonNull(quantization, "quantization"),
                values.clone());
    }

    private static void checkLength(String name, int[] shape, int length) {
        if (elementCount(shape) != length) {
            throw new IllegalArgumentException(
                    "constant '"
                            + name
                            + "' of shape "
                            + Arrays.toString(shape)
                            + " needs "
                            + elementCount(shape)
                            + " values, got "
                            + length);
        }
    }

    /** Product of the dimensions (1 for a scalar). */
    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** This tensor with another name (data shared). */
    public Tensor withName(String newName) {
        return new Tensor(newName, shape, dtype, quantization, data);
    }

    /** This activation with another shape, same dtype and quantisation. */
    public Tensor withShape(int[] newShape) {
        if (isConstant()) {
            throw new IllegalStateException(
                    "cannot reshape constant '" + name + "' without its data");
        }
        return new Tensor(name, newShape, dtype, quantization, null);
    }

    /** Unique name within the graph (the ONNX value name where there is one). */
    public String name() {
        return name;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Dimension {@code i}; negative {@code i} counts from the end. */
    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public long elements() {
        return elementCount(shape);
    }

    /** Bytes on the device ({@link #elements()} × element size). */
    public long bytes() {
        return elements() * dtype.bytes();
    }

    /** Element type. */
    public DType dtype() {
        return dtype;
    }

    /** Quantisation parameters, or null for float tensors. */
    public Quantization quantization() {
        return quantization;
    }

    /** True when the tensor carries quantisation parameters. */
    public boolean isQuantized() {
        return quantization != null;
    }

    /** True for constants (weights, biases). */
    public boolean isConstant() {
        return data != null;
    }

    /** Float data (read-only); throws unless this is a FLOAT32 constant. */
    public float[] floatData() {
        return (float[]) dataOf(DType.FLOAT32);
    }

    /** Int8 data (read-only); throws unless this is an INT8 constant. */
    public byte[] int8Data() {
        return (byte[]) dataOf(DType.INT8);
    }

    /** Int32 data (read-only); throws unless this is an INT32 constant. */
    public int[] int32Data() {
        return (int[]) dataOf(DType.INT32);
    }

    private Object dataOf(DType wanted) {
        if (data == null || dtype != wanted) {
            throw new IllegalStateException(
                    "tensor '"
                            + name
                            + "' is "
                            + (data == null ? "not a constant" : dtype)
                            + ", asked for "
                            + wanted
                            + " data");
        }
        return data;
    }

    @Override
    public String toString() {
        return name
                + Arrays.toString(shape)
                + ":"
                + dtype
                + (quantization == null ? "" : " " + quantization)
                + (isConstant() ? " const" : "");
    }
}
