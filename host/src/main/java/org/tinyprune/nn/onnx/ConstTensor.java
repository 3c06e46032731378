package org.tinyprune.nn.onnx;

import java.util.Arrays;
import org.tinyprune.onnx.InitializerValues;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * A value known at import time: an initializer, a {@code Constant} or a folded shape computation.
 * Float tensors hold {@link #floats()}, integer ones (shapes, axes, indices) {@link #ints()}.
 *
 * @param dims the shape (empty for a scalar)
 * @param floats the values of a float tensor, or null
 * @param ints the values of an integer tensor, or null
 */
record ConstTensor(long[] dims, float[] floats, long[] ints) {

    /** An integer tensor. */
    static ConstTensor ofInts(long[] dims, long... values) {
        return new ConstTensor(dims.clone(), null, values.clone());
    }

    /** A 1-D integer tensor. */
    static ConstTensor vector(long... values) {
        return ofInts(new long[] {values.length}, values);
    }

    /** A float tensor. */
    static ConstTensor ofFloats(long[] dims, float... values) {
        return new ConstTensor(dims.clone(), values.clone(), null);
    }

    /**
     * Decodes an initializer or {@code Constant} value.
     *
     * @throws Unsupported naming the tensor for float64/float16 and other element types
     */
    static ConstTensor of(TensorProto t) {
        DataType type = InitializerValues.type(t);
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        try {
            switch (type) {
                case FLOAT:
                    return new ConstTensor(dims, InitializerValues.floats(t), null);
                case INT64:
                    return new ConstTensor(dims, null, InitializerValues.longs(t));
                case INT32:
                case INT8:
                case UINT8:
                    return new ConstTensor(
                            dims,
                            null,
                            Arrays.stream(InitializerValues.ints(t)).asLongStream().toArray());
                case DOUBLE:
                case FLOAT16:
                case BFLOAT16:
                    throw new Unsupported(
                            "tensor '"
                                    + t.getName()
                                    + "' is "
                                    + type
                                    + "; weights must be float32"
                                    + " (export the model after model.float(), or convert it with onnxconverter-common)");
                default:
                    throw new Unsupported(
                            "tensor '"
                                    + t.getName()
                                    + "' has element type "
                                    + type
                                    + "; only float32 weights and int64/int32 shape constants are supported");
            }
        } catch (IllegalArgumentException e) {
            throw new Unsupported(e.getMessage());
        }
    }

    /** True for a float tensor. */
    boolean isFloat() {
        return floats != null;
    }

    /** Number of elements. */
    int size() {
        return isFloat() ? floats.length : ints.length;
    }

    /** Rank. */
    int rank() {
        return dims.length;
    }

    /** The dimensions as ints. */
    int[] shape() {
        return Arrays.stream(dims).mapToInt(Math::toIntExact).toArray();
    }

    /** Element {@code i} as a double (either kind). */
    double get(int i) {
        return isFloat() ? floats[i] : ints[i];
    }

    /** Element {@code i} as a long (either kind; floats are truncated). */
    long longAt(int i) {
        return isFloat() ? (long) floats[i] : ints[i];
    }

    /** The values as longs (either kind). */
    long[] longs() {
        long[] v = new long[size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = longAt(i);
        }
        return v;
    }

    /** The values as floats (either kind). */
    float[] asFloats() {
        if (isFloat()) {
            return floats.clone();
        }
        float[] v = new float[ints.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = ints[i];
        }
        return v;
    }

    /** True if every element equals {@code v}. */
    boolean all(double v) {
        for (int i = 0; i < size(); i++) {
            if (get(i) != v) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return (isFloat() ? "float" : "int")
                + Arrays.toString(dims)
                + (size() <= 8
                        ? (isFloat() ? Arrays.toString(floats) : Arrays.toString(ints))
                        : "");
    }
}
