package org.tinyprune.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * Decodes the values of an ONNX {@link TensorProto} for import (all integer types the reader
 * accepts: INT8, UINT8, INT32, INT64), from {@code raw_data} (little-endian) or the typed repeated
 * fields. External data is not supported.
 */
public final class InitializerValues {
    /**
     * The most elements a tensor may hold: what a Java array can (far beyond any microcontroller).
     */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private InitializerValues() {}

    /** The dimensions as ints (a dimension above {@code Integer.MAX_VALUE} is rejected). */
    public static int[] shape(TensorProto t) {
        int[] s = new int[t.getDimsCount()];
        for (int i = 0; i < s.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "tensor '"
                                + t.getName()
                                + "' has dimension "
                                + d
                                + " in dims "
                                + t.getDimsList()
                                + "; initializers need fixed sizes from 0 to "
                                + Integer.MAX_VALUE);
            }
            s[i] = (int) d;
        }
        return s;
    }

    /** The element type. */
    public static DataType type(TensorProto t) {
        DataType d = DataType.forNumber(t.getDataType());
        return d == null ? DataType.UNDEFINED : d;
    }

    /**
     * The element count its dims give, checked: no negative dimension, and no more elements than a
     * Java array holds (far more than any microcontroller model).
     *
     * @throws IllegalArgumentException naming the tensor and its dims
     */
    public static int count(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "tensor '"
                                + t.getName()
                                + "' has a negative dimension in dims "
                                + t.getDimsList()
                                + "; initializers need fixed, non-negative sizes");
            }
            if (d > 0 && n > MAX_ELEMENTS / d) {
                throw new IllegalArgumentException(
                        "tensor '"
                                + t.getName()
                                + "' has dims "
                                + t.getDimsList()
                                + ", more than "
                                + MAX_ELEMENTS
                                + " elements; the file is damaged or not a microcontroller "
                                + "model");
            }
            n *= d;
        }
        return (int) n;
    }

    private static ByteBuffer raw(TensorProto t, int elementBytes) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalArgumentException(
                    "tensor '"
                            + t.getName()
                            + "' stores its data externally; save the model with all tensors inside the .onnx file");
        }
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() != (long) count(t) * elementBytes) {
            throw new IllegalArgumentException(
                    "tensor '"
                            + t.getName()
                            + "' raw_data has "
                            + b.remaining()
                            + " bytes, dims "
                            + t.getDimsList()
                            + " need "
                            + (long) count(t) * elementBytes);
        }
        return b;
    }

    /** Float values of a FLOAT tensor. */
    public static float[] floats(TensorProto t) {
        require(t, DataType.FLOAT);
        int n = count(t);
        if (t.hasRawData()) {
            ByteBuffer b = raw(t, 4);
            float[] v = new float[n];
            b.asFloatBuffer().get(v);
            return v;
        }
        checkTyped(t, t.getFloatDataCount(), n);
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getFloatData(i);
        }
        return v;
    }

    /**
     * Integer values of an INT8, UINT8, INT32 or BOOL tensor (sign/zero-extended to int; BOOL 0 or
     * 1).
     */
    public static int[] ints(TensorProto t) {
        DataType d = type(t);
        if (d != DataType.INT8
                && d != DataType.UINT8
                && d != DataType.INT32
                && d != DataType.BOOL) {
            throw new IllegalArgumentException(
                    "tensor '"
                            + t.getName()
                            + "' is "
                            + d
                            + ", expected INT8, UINT8, INT32 or BOOL");
        }
        int n = count(t);
        if (t.hasRawData()) {
            ByteBuffer b = raw(t, d == DataType.INT32 ? 4 : 1);
            int[] v = new int[n];
            for (int i = 0; i < v.length; i++) {
                v[i] =
                        d == DataType.INT32
                                ? b.getInt()
                                : d == DataType.INT8 ? b.get() : b.get() & 0xff;
            }
            return v;
        }
        checkTyped(t, t.getInt32DataCount(), n);
        int[] v = new int[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getInt32Data(i);
        }
        return v;
    }

    /** Values of an INT64 tensor. */
    public static long[] longs(TensorProto t) {
        require(t, DataType.INT64);
        int n = count(t);
        if (t.hasRawData()) {
            ByteBuffer b = raw(t, 8);
            long[] v = new long[n];
            b.asLongBuffer().get(v);
            return v;
        }
        checkTyped(t, t.getInt64DataCount(), n);
        long[] v = new long[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getInt64Data(i);
        }
        return v;
    }

    private static void require(TensorProto t, DataType want) {
        if (type(t) != want) {
            throw new IllegalArgumentException(
                    "tensor '" + t.getName() + "' is " + type(t) + ", expected " + want);
        }
    }

    private static void checkTyped(TensorProto t, int have, int want) {
        if (have != want) {
            throw new IllegalArgumentException(
                    "tensor '"
                            + t.getName()
                            + "' has "
                            + have
                            + " values, shape "
                            + Arrays.toString(shape(t))
                            + " needs "
                            + want);
        }
    }
}
