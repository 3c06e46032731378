package org.tinyprune.onnx;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.onnx.proto.Onnx.GraphProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;
import org.tinyprune.onnx.proto.Onnx.ValueInfoProto;

/**
 * Integer graph inputs and outputs in QDQ form (part of {@link QOperatorRewrite}). An int8/uint8
 * input read only by DequantizeLinear nodes with one per-tensor quantisation becomes a float input
 * {@code <name>_real} and a QuantizeLinear writing {@code <name>}; an int8/uint8 output written by
 * a QuantizeLinear gets a DequantizeLinear writing the float output {@code <name>_real}. After
 * {@link org.tinyprune.pass.FoldQdq} the int8 graph's input and output are the original integer
 * tensors. Inputs and outputs that do not fit are left as they are (the reader then refuses them).
 */
final class IntegerGraphIo {
    private IntegerGraphIo() {}

    /** True when the graph has an int8/uint8 input or output. */
    static boolean needed(GraphProto g) {
        return g.getInputList().stream().anyMatch(IntegerGraphIo::isInteger)
                || g.getOutputList().stream().anyMatch(IntegerGraphIo::isInteger);
    }

    private static boolean isInteger(ValueInfoProto v) {
        int t = v.getType().getTensorType().getElemType();
        return v.getType().hasTensorType()
                && (t == DataType.INT8_VALUE || t == DataType.UINT8_VALUE);
    }

    /**
     * Rewrites the inputs, outputs and nodes of {@code g}; new constants go to {@code
     * index.added()}.
     */
    static void apply(GraphProto.Builder g, OnnxGraphIndex index) {
        List<NodeProto> front = new ArrayList<>();
        for (int i = 0; i < g.getInputCount(); i++) {
            ValueInfoProto v = g.getInput(i);
            if (!isInteger(v) || index.constant(v.getName()) != null) {
                continue;
            }
            NodeProto dq = commonDequantize(g.getNodeList(), v.getName(), index);
            if (dq == null) {
                continue;
            }
            String real = index.fresh(v.getName() + "_real");
            List<String> inputs = new ArrayList<>(List.of(real, copy(index, dq.getInput(1))));
            if (ImportContext.hasInput(dq, 2)) {
                inputs.add(copy(index, dq.getInput(2)));
            }
            front.add(
                    NodeProto.newBuilder()
                            .setOpType("QuantizeLinear")
                            .setName(index.fresh(v.getName() + "_quantize"))
                            .addAllInput(inputs)
                            .addOutput(v.getName())
                            .build());
            g.setInput(i, floatValue(v, real));
        }
        List<NodeProto> back = new ArrayList<>();
        for (int i = 0; i < g.getOutputCount(); i++) {
            ValueInfoProto v = g.getOutput(i);
            NodeProto q = producer(g.getNodeList(), v.getName());
            if (!isInteger(v) || q == null || !q.getOpType().equals("QuantizeLinear")) {
                continue;
            }
            String real = index.fresh(v.getName() + "_real");
            back.add(
                    q.toBuilder()
                            .setOpType("DequantizeLinear")
                            .setName(index.fresh(v.getName() + "_dequantize"))
                            .setInput(0, v.getName())
                            .clearOutput()
                            .addOutput(real)
                            .build());
            g.setOutput(i, floatValue(v, real));
        }
        List<NodeProto> nodes = new ArrayList<>(front);
        nodes.addAll(g.getNodeList());
        nodes.addAll(back);
        g.clearNode().addAllNode(nodes);
    }

    /**
     * The first DequantizeLinear of {@code x} when every reader of {@code x} is one with the same
     * constant per-tensor parameters.
     */
    private static NodeProto commonDequantize(
            List<NodeProto> nodes, String x, OnnxGraphIndex index) {
        NodeProto first = null;
        for (NodeProto n : nodes) {
            if (!n.getInputList().contains(x)) {
                continue;
            }
            if (!n.getOpType().equals("DequantizeLinear") || n.getInputList().lastIndexOf(x) != 0) {
                return null;
            }
            TensorProto s = index.constant(n.getInput(1));
            TensorProto z = ImportContext.hasInput(n, 2) ? index.constant(n.getInput(2)) : null;
            if (s == null
                    || InitializerValues.type(s) != DataType.FLOAT
                    || InitializerValues.floats(s).length != 1
                    || (ImportContext.hasInput(n, 2)
                            && (z == null
                                    || !isCode(z)
                                    || InitializerValues.ints(z).length != 1))) {
                return null;
            }
            if (first == null) {
                first = n;
            } else if (!same(index, first, n)) {
                return null;
            }
        }
        return first;
    }

    private static boolean isCode(TensorProto t) {
        return t.getDataType() == DataType.INT8_VALUE || t.getDataType() == DataType.UINT8_VALUE;
    }

    private static boolean same(OnnxGraphIndex index, NodeProto a, NodeProto b) {
        if (InitializerValues.floats(index.constant(a.getInput(1)))[0]
                        != InitializerValues.floats(index.constant(b.getInput(1)))[0]
                || ImportContext.hasInput(a, 2) != ImportContext.hasInput(b, 2)) {
            return false;
        }
        if (!ImportContext.hasInput(a, 2)) {
            return true;
        }
        TensorProto za = index.constant(a.getInput(2));
        TensorProto zb = index.constant(b.getInput(2));
        return za.getDataType() == zb.getDataType()
                && InitializerValues.ints(za)[0] == InitializerValues.ints(zb)[0];
    }

    private static NodeProto producer(List<NodeProto> nodes, String value) {
        for (NodeProto n : nodes) {
            if (n.getOutputList().contains(value)) {
                return n;
            }
        }
        return null;
    }

    /**
     * A scalar initializer copy of constant {@code name} (it may be a Constant node defined after
     * the new first node).
     */
    private static String copy(OnnxGraphIndex index, String name) {
        return index.addConstant(
                name + "_copy", index.constant(name).toBuilder().clearDims().build());
    }

    private static ValueInfoProto floatValue(ValueInfoProto v, String name) {
        ValueInfoProto.Builder b = v.toBuilder().setName(name);
        b.getTypeBuilder().getTensorTypeBuilder().setElemType(DataType.FLOAT_VALUE);
        return b.build();
    }
}
