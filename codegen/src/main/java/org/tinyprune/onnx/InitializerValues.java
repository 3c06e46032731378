package org.tinyprune.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * Decodes the values of an ONNX {@link TensorProto} for import (all integer types the reader
 * accepts: INT8, UINT8, INT32, INT64), from {@code raw_data} (little-endian) or the
 * typed repeated fields. External data is not supported.
 */
public final class InitializerValues {
    private InitializerValues() {
    }

    /** The dimensions as ints (a dimension above {@code Integer.MAX_VALUE} is rejected). */
    public static int[] shape(TensorProto t) {
        int[] s = new int[t.getDimsCount()];
        for (int i = 0; i < s.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor '" + t.getName() + "' has dimension " + d);
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

    private static int count(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    private static ByteBuffer raw(TensorProto t, int elementBytes) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalArgumentException("tensor '" + t.getName()
                    + "' stores its data externally; save the model with all tensors inside the .onnx file");
        }
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() != (long) count(t) * elementBytes) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' raw_data has " + b.remaining()
                    + " bytes, shape " + Arrays.toString(shape(t)) + " needs " + (long) count(t) * elementBytes);
        }
        return b;
    }

    /** Float values of a FLOAT tensor. */
    public static float[] floats(TensorProto t) {
        require(t, DataType.FLOAT);
        float[] v = new float[count(t)];
        if (t.hasRawData()) {
            raw(t, 4).asFloatBuffer().get(v);
        } else {
            checkTyped(t, t.getFloatDataCount(), v.length);
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getFloatData(i);
            }
        }
        return v;
    }

    /** Integer values of an INT8, UINT8, INT32 or BOOL tensor (sign/zero-extended to int; BOOL 0 or 1). */
    public static int[] ints(TensorProto t) {
        DataType d = type(t);
        int[] v = new int[count(t)];
        if (d != DataType.INT8 && d != DataType.UINT8 && d != DataType.INT32 && d != DataType.BOOL) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' is " + d
                    + ", expected INT8, UINT8, INT32 or BOOL");
        }
        if (t.hasRawData()) {
            ByteBuffer b = raw(t, d == DataType.INT32 ? 4 : 1);
            for (int i = 0; i < v.length; i++) {
                v[i] = d == DataType.INT32 ? b.getInt() : d == DataType.INT8 ? b.get() : b.get() & 0xff;
            }
        } else {
            checkTyped(t, t.getInt32DataCount(), v.length);
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getInt32Data(i);
            }
        }
        return v;
    }

    /** Values of an INT64 tensor. */
    public static long[] longs(TensorProto t) {
        require(t, DataType.INT64);
        long[] v = new long[count(t)];
        if (t.hasRawData()) {
            raw(t, 8).asLongBuffer().get(v);
        } else {
            checkTyped(t, t.getInt64DataCount(), v.length);
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getInt64Data(i);
            }
        }
        return v;
    }

    private static void require(TensorProto t, DataType want) {
        if (type(t) != want) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' is " + type(t) + ", expected " + want);
        }
    }

    private static void checkTyped(TensorProto t, int have, int want) {
        if (have != want) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' has " + have + " values, shape "
                    + Arrays.toString(shape(t)) + " needs " + want);
        }
    }
}
