package org.tinyprune.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * Builds and reads ONNX {@link TensorProto} constants (initializers and tensor attributes).
 *
 * <p>Element data is always written to {@code raw_data}, little-endian, row-major, as the ONNX
 * specification requires for raw storage. Readers accept both {@code raw_data} and the typed
 * repeated fields, so tensors written by other tools read back too.
 */
public final class OnnxTensors {

    private OnnxTensors() {}

    /** A float32 tensor of the given shape; {@code values.length} must equal the shape's size. */
    public static TensorProto floats(String name, long[] dims, float[] values) {
        checkSize(name, dims, values.length);
        ByteBuffer buf = littleEndian(values.length * Float.BYTES);
        buf.asFloatBuffer().put(values);
        return tensor(name, DataType.FLOAT, dims, buf);
    }

    /** An int8 tensor (for example symmetric quantised weights or zero points). */
    public static TensorProto int8s(String name, long[] dims, byte[] values) {
        checkSize(name, dims, values.length);
        return tensor(name, DataType.INT8, dims, ByteBuffer.wrap(values.clone()));
    }

    /** An int32 tensor (for example quantised biases). */
    public static TensorProto int32s(String name, long[] dims, int[] values) {
        checkSize(name, dims, values.length);
        ByteBuffer buf = littleEndian(values.length * Integer.BYTES);
        buf.asIntBuffer().put(values);
        return tensor(name, DataType.INT32, dims, buf);
    }

    /** An int64 tensor (for example a Reshape target shape). */
    public static TensorProto int64s(String name, long[] dims, long[] values) {
        checkSize(name, dims, values.length);
        ByteBuffer buf = littleEndian(values.length * Long.BYTES);
        buf.asLongBuffer().put(values);
        return tensor(name, DataType.INT64, dims, buf);
    }

    /** A rank-0 float32 tensor, as Clip's {@code min}/{@code max} inputs require. */
    public static TensorProto scalar(String name, float value) {
        return floats(name, new long[0], new float[] {value});
    }

    /** Number of elements of a shape (1 for a scalar). */
    public static long size(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "tensor shape "
                                + Arrays.toString(dims)
                                + " has a negative dimension; constants need"
                                + " fixed sizes");
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The shape of a tensor as a {@code long[]}. */
    public static long[] dims(TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The elements of a float32 tensor, from {@code raw_data} or {@code float_data}.
     *
     * @throws IllegalArgumentException if the tensor is not float32 or its size does not match
     */
    public static float[] toFloats(TensorProto t) {
        requireType(t, DataType.FLOAT);
        int n = Math.toIntExact(size(dims(t)));
        float[] out = new float[n];
        if (t.hasRawData()) {
            requireRawBytes(t, (long) n * Float.BYTES);
            t.getRawData()
                    .asReadOnlyByteBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(out);
        } else {
            if (t.getFloatDataCount() != n) {
                throw sizeMismatch(t, t.getFloatDataCount(), n);
            }
            for (int i = 0; i < n; i++) {
                out[i] = t.getFloatData(i);
            }
        }
        return out;
    }

    /** The elements of an int8 tensor, from {@code raw_data} or {@code int32_data}. */
    public static byte[] toInt8s(TensorProto t) {
        requireType(t, DataType.INT8);
        int n = Math.toIntExact(size(dims(t)));
        if (t.hasRawData()) {
            requireRawBytes(t, n);
            return t.getRawData().toByteArray();
        }
        if (t.getInt32DataCount() != n) {
            throw sizeMismatch(t, t.getInt32DataCount(), n);
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) t.getInt32Data(i);
        }
        return out;
    }

    /** The elements of an int32 tensor, from {@code raw_data} or {@code int32_data}. */
    public static int[] toInt32s(TensorProto t) {
        requireType(t, DataType.INT32);
        int n = Math.toIntExact(size(dims(t)));
        if (t.hasRawData()) {
            requireRawBytes(t, (long) n * Integer.BYTES);
            int[] out = new int[n];
            t.getRawData()
                    .asReadOnlyByteBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asIntBuffer()
                    .get(out);
            return out;
        }
        if (t.getInt32DataCount() != n) {
            throw sizeMismatch(t, t.getInt32DataCount(), n);
        }
        return t.getInt32DataList().stream().mapToInt(Integer::intValue).toArray();
    }

    private static TensorProto tensor(String name, DataType type, long[] dims, ByteBuffer data) {
        TensorProto.Builder b =
                TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) {
            b.addDims(d);
        }
        data.rewind();
        return b.setRawData(ByteString.copyFrom(data)).build();
    }

    private static ByteBuffer littleEndian(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkSize(String name, long[] dims, int count) {
        if (size(dims) != count) {
            throw new IllegalArgumentException(
                    "tensor '"
                            + name
                            + "': shape "
                            + Arrays.toString(dims)
                            + " holds "
                            + size(dims)
                            + " elements but "
                            + count
                            + " values were given; pass one value per element");
        }
    }

    private static void requireType(TensorProto t, DataType expected) {
        if (t.getDataType() != expected.getNumber()) {
            DataType actual = DataType.forNumber(t.getDataType());
            throw new IllegalArgumentException(
                    "tensor '"
                            + t.getName()
                            + "' has data_type "
                            + (actual == null ? t.getDataType() : actual)
                            + ", expected "
                            + expected);
        }
    }

    private static void requireRawBytes(TensorProto t, long expected) {
        if (t.getRawData().size() != expected) {
            throw new IllegalArgumentException(
                    "tensor '"
                            + t.getName()
                            + "': raw_data has "
                            + t.getRawData().size()
                            + " bytes, shape "
                            + t.getDimsList()
                            + " needs "
                            + expected);
        }
    }

    private static IllegalArgumentException sizeMismatch(TensorProto t, int have, int need) {
        return new IllegalArgumentException(
                "tensor '"
                        + t.getName()
                        + "' holds "
                        + have
                        + " values, shape "
                        + t.getDimsList()
                        + " needs "
                        + need);
    }
}
