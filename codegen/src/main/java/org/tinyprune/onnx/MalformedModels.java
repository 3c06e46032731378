package org.tinyprune.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.GraphProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.ValueInfoProto;

/**
 * Malformed variants of a well-formed ONNX model, each damaged in one place, for checking that the
 * readers refuse bad files with a clear error and never fail inside (and as seeds for fuzzing):
 * every initializer with negative, huge and overflowing dims, short, long and missing data, other
 * element types, external data, and (float ones) NaN, infinite, zero, negative and denormal values;
 * every integer and float attribute with zero, negative, huge and non-finite values, list
 * attributes shortened, lengthened and emptied; every graph input and output dimension changed.
 */
public final class MalformedModels {
    private MalformedModels() {}

    /**
     * The variants of {@code model}, by a description of the damage (e.g. {@code initializer w: dim
     * -1}).
     */
    public static Map<String, ModelProto> of(ModelProto model) {
        Map<String, ModelProto> out = new LinkedHashMap<>();
        GraphProto g = model.getGraph();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            initializer(out, model, i);
        }
        for (int n = 0; n < g.getNodeCount(); n++) {
            for (int a = 0; a < g.getNode(n).getAttributeCount(); a++) {
                attribute(out, model, n, a);
            }
        }
        for (boolean input : new boolean[] {true, false}) {
            List<ValueInfoProto> values = input ? g.getInputList() : g.getOutputList();
            for (int v = 0; v < values.size(); v++) {
                int rank = values.get(v).getType().getTensorType().getShape().getDimCount();
                for (int d = 0; d < rank; d++) {
                    var dim = values.get(v).getType().getTensorType().getShape().getDim(d);
                    long[] damaged =
                            input
                                    ? new long[] {-1, 1L << 31, 1L << 40, 100_000}
                                    : dim.hasDimValue()
                                            ? new long[] {-1, dim.getDimValue() + 1}
                                            : new long[] {-1};
                    for (long value : damaged) {
                        out.put(
                                (input ? "input " : "output ")
                                        + values.get(v).getName()
                                        + ": dim "
                                        + d
                                        + " = "
                                        + value,
                                dim(model, input, v, d, value));
                    }
                }
            }
        }
        return out;
    }

    private static void initializer(Map<String, ModelProto> out, ModelProto m, int i) {
        TensorProto t = m.getGraph().getInitializer(i);
        String p = "initializer " + t.getName() + ": ";
        put(out, p + "dim -1", m, i, b -> setFirstDim(b, -1));
        put(out, p + "dim 2^40", m, i, b -> setFirstDim(b, 1L << 40));
        put(
                out,
                p + "dims overflow int",
                m,
                i,
                b -> b.clearDims().addDims(1 << 20).addDims(1 << 20));
        put(
                out,
                p + "dims overflow long",
                m,
                i,
                b -> b.clearDims().addDims(1L << 40).addDims(1L << 40));
        put(out, p + "dim 0", m, i, b -> setFirstDim(b, 0));
        put(out, p + "scalar", m, i, TensorProto.Builder::clearDims);
        put(
                out,
                p + "rank + 1",
                m,
                i,
                b -> {
                    List<Long> d = new ArrayList<>(b.getDimsList());
                    d.add(0, 1L);
                    b.clearDims().addAllDims(d);
                });
        put(
                out,
                p + "raw_data one byte short",
                m,
                i,
                b ->
                        b.setRawData(
                                b.getRawData()
                                        .substring(0, Math.max(0, b.getRawData().size() - 1))));
        put(
                out,
                p + "raw_data half",
                m,
                i,
                b -> b.setRawData(b.getRawData().substring(0, b.getRawData().size() / 2)));
        put(
                out,
                p + "raw_data 4 bytes long",
                m,
                i,
                b -> b.setRawData(b.getRawData().concat(ByteString.copyFrom(new byte[4]))));
        put(out, p + "no data", m, i, TensorProto.Builder::clearRawData);
        put(
                out,
                p + "external data",
                m,
                i,
                b -> b.setDataLocation(TensorProto.DataLocation.EXTERNAL));
        for (TensorProto.DataType type :
                new TensorProto.DataType[] {
                    TensorProto.DataType.UNDEFINED,
                    TensorProto.DataType.FLOAT,
                    TensorProto.DataType.DOUBLE,
                    TensorProto.DataType.INT8,
                    TensorProto.DataType.INT32,
                    TensorProto.DataType.INT64,
                    TensorProto.DataType.STRING
                }) {
            if (type.getNumber() != t.getDataType()) {
                put(out, p + "type " + type, m, i, b -> b.setDataType(type.getNumber()));
            }
        }
        put(out, p + "type 999", m, i, b -> b.setDataType(999));
        if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE && t.hasRawData()) {
            for (float v :
                    new float[] {
                        Float.NaN,
                        Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        0f,
                        -1f,
                        Float.MIN_VALUE,
                        3e38f
                    }) {
                put(
                        out,
                        p + "every value " + v,
                        m,
                        i,
                        b -> b.setRawData(floats(b.getRawData(), v, true)));
                put(
                        out,
                        p + "first value " + v,
                        m,
                        i,
                        b -> b.setRawData(floats(b.getRawData(), v, false)));
            }
        }
    }

    private static void attribute(Map<String, ModelProto> out, ModelProto m, int n, int a) {
        AttributeProto at = m.getGraph().getNode(n).getAttribute(a);
        String p =
                "node "
                        + m.getGraph().getNode(n).getName()
                        + " ("
                        + m.getGraph().getNode(n).getOpType()
                        + ") "
                        + at.getName()
                        + ": ";
        switch (at.getType()) {
            case INT -> {
                for (long v : new long[] {0, -1, -7, 1L << 40, Long.MIN_VALUE}) {
                    put(out, p + v, m, n, a, b -> b.setI(v));
                }
            }
            case INTS -> {
                for (int e = 0; e < at.getIntsCount(); e++) {
                    int k = e;
                    for (long v : new long[] {0, -1, 1L << 40, Long.MIN_VALUE}) {
                        put(out, p + "[" + e + "] = " + v, m, n, a, b -> b.setInts(k, v));
                    }
                }
                put(
                        out,
                        p + "one fewer",
                        m,
                        n,
                        a,
                        b -> {
                            List<Long> l = new ArrayList<>(b.getIntsList());
                            if (!l.isEmpty()) {
                                l.remove(0);
                            }
                            b.clearInts().addAllInts(l);
                        });
                put(out, p + "one more", m, n, a, b -> b.addInts(1));
                put(out, p + "empty", m, n, a, AttributeProto.Builder::clearInts);
            }
            case FLOAT -> {
                for (float v : new float[] {Float.NaN, Float.POSITIVE_INFINITY, -1f, 0f}) {
                    put(out, p + v, m, n, a, b -> b.setF(v));
                }
            }
            case TENSOR -> {
                put(
                        out,
                        p + "tensor dim -1",
                        m,
                        n,
                        a,
                        b -> b.setT(b.getT().toBuilder().addDims(-1)));
                put(
                        out,
                        p + "tensor raw_data one byte short",
                        m,
                        n,
                        a,
                        b ->
                                b.setT(
                                        b.getT().toBuilder()
                                                .setRawData(
                                                        b.getT()
                                                                .getRawData()
                                                                .substring(
                                                                        0,
                                                                        Math.max(
                                                                                0,
                                                                                b.getT()
                                                                                                .getRawData()
                                                                                                .size()
                                                                                        - 1)))));
            }
            default -> {}
        }
    }

    private static void setFirstDim(TensorProto.Builder b, long v) {
        if (b.getDimsCount() > 0) {
            b.setDims(0, v);
        } else {
            b.addDims(v);
        }
    }

    private static ByteString floats(ByteString raw, float v, boolean every) {
        ByteBuffer b = ByteBuffer.wrap(raw.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 4 <= b.capacity() && (every || i == 0); i += 4) {
            b.putFloat(i, v);
        }
        return ByteString.copyFrom(b.array());
    }

    private static void put(
            Map<String, ModelProto> out,
            String what,
            ModelProto m,
            int i,
            Consumer<TensorProto.Builder> damage) {
        ModelProto.Builder b = m.toBuilder();
        damage.accept(b.getGraphBuilder().getInitializerBuilder(i));
        out.put(what, b.build());
    }

    private static void put(
            Map<String, ModelProto> out,
            String what,
            ModelProto m,
            int n,
            int a,
            Consumer<AttributeProto.Builder> damage) {
        ModelProto.Builder b = m.toBuilder();
        damage.accept(b.getGraphBuilder().getNodeBuilder(n).getAttributeBuilder(a));
        out.put(what, b.build());
    }

    private static ModelProto dim(ModelProto m, boolean input, int v, int d, long value) {
        ModelProto.Builder b = m.toBuilder();
        ValueInfoProto.Builder vi =
                input
                        ? b.getGraphBuilder().getInputBuilder(v)
                        : b.getGraphBuilder().getOutputBuilder(v);
        vi.getTypeBuilder()
                .getTensorTypeBuilder()
                .getShapeBuilder()
                .getDimBuilder(d)
                .clear()
                .setDimValue(value);
        return b.build();
    }
}
