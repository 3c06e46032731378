package org.tinyprune.onnx;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * The QuantizeLinear / DequantizeLinear nodes and constants that restate one integer ONNX node in
 * QDQ form ({@link QOperatorRewrite}), with the checks on its quantisation inputs: scales and zero
 * points must be constants, activations quantised per tensor.
 */
final class QNodes {
    /**
     * The quantisation of an integer op's activation input: scale and the typed zero-point
     * constant.
     */
    record InputQuantisation(float scale, TensorProto zeroPoint) {}

    /** Ops that move integer codes unchanged, so their output has their input's quantisation. */
    private static final java.util.Set<String> CODE_MOVES =
            java.util.Set.of("Flatten", "Reshape", "MaxPool");

    /** Ops whose output quantisation is given by two of their inputs: {scale, zero point}. */
    private static final java.util.Map<String, int[]> OUTPUT_QUANTISATION =
            java.util.Map.of(
                    "QuantizeLinear",
                    new int[] {1, 2},
                    "QLinearConv",
                    new int[] {6, 7},
                    "QLinearMatMul",
                    new int[] {6, 7},
                    "QLinearAdd",
                    new int[] {6, 7},
                    "QLinearGlobalAveragePool",
                    new int[] {3, 4});

    private final OnnxGraphIndex index;
    private final NodeProto node;
    private final String name;
    private final List<NodeProto> nodes = new ArrayList<>();

    QNodes(OnnxGraphIndex index, NodeProto node, String name) {
        this.index = index;
        this.node = node;
        this.name = name;
    }

    /** The DequantizeLinear nodes added so far (they precede the float op). */
    List<NodeProto> nodes() {
        return nodes;
    }

    UnsupportedModelException fail(String why) {
        return new UnsupportedModelException(name, node.getOpType(), why);
    }

    /** Input {@code i} as a constant; refused when it is computed. */
    TensorProto constant(int i, String what) throws UnsupportedModelException {
        TensorProto t = i < node.getInputCount() ? index.constant(node.getInput(i)) : null;
        if (t == null) {
            throw fail(what + " (input " + i + ") must be an initializer or Constant");
        }
        return t;
    }

    /** Float values of constant input {@code i}. */
    float[] floats(int i, String what) throws UnsupportedModelException {
        TensorProto t = constant(i, what);
        if (InitializerValues.type(t) != DataType.FLOAT) {
            throw fail(
                    what
                            + " '"
                            + node.getInput(i)
                            + "' is "
                            + InitializerValues.type(t)
                            + ", expected FLOAT");
        }
        return InitializerValues.floats(t);
    }

    /** Integer codes of an INT8 or UINT8 constant. */
    int[] codes(TensorProto t, String what) throws UnsupportedModelException {
        DataType type = InitializerValues.type(t);
        if (type != DataType.INT8 && type != DataType.UINT8) {
            throw fail(
                    what
                            + " '"
                            + t.getName()
                            + "' is "
                            + type
                            + "; integer ops take INT8 or UINT8");
        }
        return InitializerValues.ints(t);
    }

    /** Values of a constant of type {@code want}. */
    int[] ints(TensorProto t, String what, DataType want) throws UnsupportedModelException {
        if (InitializerValues.type(t) != want) {
            throw fail(
                    what
                            + " '"
                            + t.getName()
                            + "' is "
                            + InitializerValues.type(t)
                            + ", expected "
                            + want);
        }
        return InitializerValues.ints(t);
    }

    /** The weight zero points (input {@code i}, default 0), of the weight's own type. */
    int[] zeroPoints(int i, TensorProto w) throws UnsupportedModelException {
        if (!ImportContext.hasInput(node, i)) {
            return new int[] {0};
        }
        TensorProto z = zeroPoint(i, "weight zero point");
        if (InitializerValues.type(z) != InitializerValues.type(w)) {
            throw fail(
                    "weight zero point is "
                            + InitializerValues.type(z)
                            + " but the weight is "
                            + InitializerValues.type(w));
        }
        return InitializerValues.ints(z);
    }

    /**
     * DequantizeLinear of activation input {@code x} with the per-tensor scale and zero point at
     * inputs {@code s, z}.
     */
    String dequantize(int x, int s, int z) throws UnsupportedModelException {
        float[] scale = floats(s, "scale");
        TensorProto zp = zeroPoint(z, "zero point");
        if (scale.length != 1 || (zp != null && InitializerValues.ints(zp).length != 1)) {
            throw fail(
                    "activation '"
                            + node.getInput(x)
                            + "' must be quantised per tensor (one scale and zero point)");
        }
        return dequantize(x, scale[0], zp);
    }

    /**
     * DequantizeLinear of activation input {@code x} with the given scale and zero point (null: 0
     * of type UINT8).
     */
    String dequantize(int x, float scale, TensorProto zp) {
        String in = node.getInput(x);
        List<String> inputs =
                new ArrayList<>(
                        List.of(
                                in,
                                index.addConstant(in + "_scale", OnnxTensors.scalar("", scale))));
        if (zp != null) {
            inputs.add(index.addConstant(in + "_zero_point", zp.toBuilder().clearDims().build()));
        }
        String out = index.fresh(in + "_real");
        nodes.add(
                NodeProto.newBuilder()
                        .setOpType("DequantizeLinear")
                        .setName(index.fresh(name + "_dq_" + x))
                        .addAllInput(inputs)
                        .addOutput(out)
                        .build());
        return out;
    }

    /**
     * QuantizeLinear of {@code y} with the scale and zero point at inputs {@code s, z}, writing
     * {@code output}.
     */
    NodeProto quantize(String y, int s, int z, String output) throws UnsupportedModelException {
        float[] scale = floats(s, "output scale");
        TensorProto zp = zeroPoint(z, "output zero point");
        if (scale.length != 1 || (zp != null && InitializerValues.ints(zp).length != 1)) {
            throw fail(
                    "output '"
                            + output
                            + "' must be quantised per tensor (one scale and zero point)");
        }
        List<String> inputs =
                new ArrayList<>(
                        List.of(
                                y,
                                index.addConstant(
                                        output + "_scale", OnnxTensors.scalar("", scale[0]))));
        if (zp != null) {
            inputs.add(
                    index.addConstant(output + "_zero_point", zp.toBuilder().clearDims().build()));
        }
        return NodeProto.newBuilder()
                .setOpType("QuantizeLinear")
                .setName(index.fresh(name + "_q"))
                .addAllInput(inputs)
                .addOutput(output)
                .build();
    }

    /** The INT8/UINT8 zero-point constant at input {@code z}, or null when absent. */
    private TensorProto zeroPoint(int z, String what) throws UnsupportedModelException {
        if (!ImportContext.hasInput(node, z)) {
            return null;
        }
        TensorProto t = constant(z, what);
        codes(t, what);
        return t;
    }

    /** Symmetric int8 weights behind a per-channel DequantizeLinear; returns its float output. */
    String weight(String base, int[] shape, int axis, SymmetricWeights sw) {
        long[] dims = new long[shape.length];
        for (int d = 0; d < shape.length; d++) {
            dims[d] = shape[d];
        }
        long[] channels = {sw.scales.length};
        String w = index.addConstant(base + "_s8", OnnxTensors.int8s("", dims, sw.data));
        String s = index.addConstant(base + "_scale", OnnxTensors.floats("", channels, sw.scales));
        String z =
                index.addConstant(
                        base + "_zero_point",
                        OnnxTensors.int8s("", channels, new byte[sw.scales.length]));
        String out = index.fresh(base + "_real");
        nodes.add(
                NodeProto.newBuilder()
                        .setOpType("DequantizeLinear")
                        .setName(index.fresh(name + "_dq_w"))
                        .addAllInput(List.of(w, s, z))
                        .addOutput(out)
                        .addAttribute(OnnxAttributes.of("axis", (long) axis))
                        .build());
        return out;
    }

    /**
     * The int32 bias at scale {@code xScale × wScale[c]} behind a DequantizeLinear; returns its
     * float output.
     */
    String bias(String base, float xScale, SymmetricWeights sw) {
        int n = sw.bias.length;
        float[] scale = new float[n];
        for (int c = 0; c < n; c++) {
            scale[c] = xScale * sw.scales[c];
        }
        long[] dims = {n};
        String b = index.addConstant(base + "_s32", OnnxTensors.int32s("", dims, sw.bias));
        String s = index.addConstant(base + "_scale", OnnxTensors.floats("", dims, scale));
        String z =
                index.addConstant(base + "_zero_point", OnnxTensors.int32s("", dims, new int[n]));
        String out = index.fresh(base + "_real");
        nodes.add(
                NodeProto.newBuilder()
                        .setOpType("DequantizeLinear")
                        .setName(index.fresh(name + "_dq_b"))
                        .addAllInput(List.of(b, s, z))
                        .addOutput(out)
                        .addAttribute(OnnxAttributes.of("axis", 0L))
                        .build());
        return out;
    }

    /**
     * The quantisation of input 0 of ConvInteger / MatMulInteger: that of the QuantizeLinear or
     * QLinear op producing it, possibly through ops that move codes (its zero point must equal the
     * op's {@code x_zero_point}), or scale 1 for an integer graph input (its codes are the op's
     * integers).
     */
    InputQuantisation inputQuantisation() throws UnsupportedModelException {
        String x = node.getInput(0);
        TensorProto own = zeroPoint(2, "x_zero_point");
        if (own != null && InitializerValues.ints(own).length != 1) {
            throw fail("x_zero_point must be one value (per-tensor quantisation)");
        }
        NodeProto p = index.producer(x);
        String value = x;
        while (p != null && CODE_MOVES.contains(p.getOpType())) {
            value = p.getInput(0);
            p = index.producer(value);
        }
        if (p == null && index.constant(value) == null && index.inputType(value) != null) {
            DataType type = own != null ? InitializerValues.type(own) : index.inputType(value);
            if (type != DataType.INT8 && type != DataType.UINT8) {
                throw fail("input '" + x + "' is " + type + "; integer ops take INT8 or UINT8");
            }
            return new InputQuantisation(1f, own != null ? own : zero(type));
        }
        int[] params = p == null ? null : OUTPUT_QUANTISATION.get(p.getOpType());
        if (params == null
                || index.constant(p.getInput(params[0])) == null
                || (ImportContext.hasInput(p, params[1])
                        && index.constant(p.getInput(params[1])) == null)) {
            throw fail(
                    "input '"
                            + x
                            + "' must come (through Flatten, Reshape or MaxPool at most) from a QuantizeLinear "
                            + "or QLinear op with constant scale and zero point, or be a graph input (DynamicQuantizeLinear "
                            + "is not supported: quantise the model statically)");
        }
        float[] scale = InitializerValues.floats(index.constant(p.getInput(params[0])));
        TensorProto pz =
                ImportContext.hasInput(p, params[1])
                        ? index.constant(p.getInput(params[1]))
                        : zero(DataType.UINT8);
        if (scale.length != 1
                || codes(pz, "zero point of " + p.getOpType() + " '" + p.getName() + "'").length
                        != 1) {
            throw fail("input '" + x + "' must be quantised per tensor");
        }
        TensorProto want = own != null ? own : zero(InitializerValues.type(pz));
        if (InitializerValues.type(want) != InitializerValues.type(pz)
                || InitializerValues.ints(want)[0] != InitializerValues.ints(pz)[0]) {
            throw fail(
                    "x_zero_point "
                            + InitializerValues.ints(want)[0]
                            + " ("
                            + InitializerValues.type(want)
                            + ") differs from the zero point "
                            + InitializerValues.ints(pz)[0]
                            + " ("
                            + InitializerValues.type(pz)
                            + ") of "
                            + p.getOpType()
                            + " '"
                            + p.getName()
                            + "' that quantised '"
                            + x
                            + "'");
        }
        return new InputQuantisation(scale[0], pz);
    }

    private static TensorProto zero(DataType type) {
        return TensorProto.newBuilder()
                .setDataType(type.getNumber())
                .setRawData(com.google.protobuf.ByteString.copyFrom(new byte[1]))
                .build();
    }
}
