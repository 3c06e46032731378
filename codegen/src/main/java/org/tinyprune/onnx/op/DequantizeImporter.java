package org.tinyprune.onnx.op;

import java.util.List;
import java.util.Set;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.InitializerValues;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * ONNX DequantizeLinear → {@link OpKind#DEQUANTIZE}. Of an initializer (quantised weights or bias)
 * it creates the int8/int32 IR constant carrying the scales; of an activation it checks the
 * parameters agree with the producing QuantizeLinear (the IR keeps one quantisation per tensor).
 */
final class DequantizeImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("DequantizeLinear");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        NodeAttributes a = NodeAttributes.of(node, name, Set.of("axis", "block_size"));
        TensorProto init = ctx.initializer(node, 0);
        String input;
        if (init != null) {
            input = constant(node, ctx, a, init);
        } else {
            Tensor x = ctx.input(node, name, 0);
            QuantParams qp = QuantParams.read(node, ctx, a, x.rank(), DataType.UINT8);
            if (x.dtype() != DType.INT8 || !qp.quantization.equals(x.quantization())) {
                throw a.fail(
                        "input '"
                                + x.name()
                                + "' ("
                                + x
                                + ") does not carry the quantisation "
                                + qp.quantization
                                + " this node dequantises with; QuantizeLinear/DequantizeLinear pairs must agree");
            }
            input = x.name();
        }
        ctx.graph()
                .node(
                        new Node(
                                name,
                                OpKind.DEQUANTIZE,
                                List.of(input),
                                node.getOutput(0),
                                Attributes.DEFAULT),
                        DType.FLOAT32,
                        null);
    }

    private static String constant(
            NodeProto node, ImportContext ctx, NodeAttributes a, TensorProto init)
            throws UnsupportedModelException {
        DataType type = InitializerValues.type(init);
        int[] shape = InitializerValues.shape(init);
        QuantParams qp = QuantParams.read(node, ctx, a, shape.length, type);
        if (qp.type != type) {
            throw a.fail("zero point type " + qp.type + " differs from data type " + type);
        }
        int[] v = InitializerValues.ints(init);
        String name = ctx.resolve(node.getInput(0));
        Tensor existing = ctx.graph().find(name);
        if (existing != null) {
            if (!qp.quantization.equals(existing.quantization())) {
                throw a.fail(
                        "initializer '"
                                + name
                                + "' is dequantised twice with different parameters");
            }
            return name;
        }
        try {
            if (type == DataType.INT32) {
                ctx.graph().tensor(Tensor.constant(name, shape, v, qp.quantization));
            } else {
                byte[] b = new byte[v.length];
                for (int i = 0; i < v.length; i++) {
                    b[i] = (byte) (type == DataType.UINT8 ? v[i] - 128 : v[i]);
                }
                ctx.graph().tensor(Tensor.constant(name, shape, b, qp.quantization));
            }
        } catch (IllegalArgumentException e) {
            throw a.fail(e.getMessage());
        }
        return name;
    }
}
