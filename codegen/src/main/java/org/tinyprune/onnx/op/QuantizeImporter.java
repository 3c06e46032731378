package org.tinyprune.onnx.op;

import java.util.List;
import java.util.Set;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * ONNX QuantizeLinear (int8 or uint8 output) → {@link OpKind#QUANTIZE} producing an int8 tensor.
 */
final class QuantizeImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("QuantizeLinear");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        NodeAttributes a =
                NodeAttributes.of(
                        node, name, Set.of("axis", "saturate", "block_size", "output_dtype"));
        Tensor x = ctx.input(node, name, 0);
        DataType dflt = DataType.UINT8;
        if (a.has("output_dtype")) {
            dflt = DataType.forNumber((int) a.integer("output_dtype", 0));
        }
        QuantParams qp = QuantParams.read(node, ctx, a, x.rank(), dflt);
        if (qp.type == DataType.INT32) {
            throw a.fail("quantising to INT32 is not supported");
        }
        if (qp.quantization.isPerAxis() && !x.isConstant()) {
            throw a.fail(
                    "per-axis quantisation of activation '"
                            + x.name()
                            + "' is not supported (per-tensor only)");
        }
        try {
            ctx.graph()
                    .tensor(
                            Tensor.activation(
                                    node.getOutput(0), x.shape(), DType.INT8, qp.quantization));
        } catch (IllegalArgumentException e) {
            throw a.fail(e.getMessage());
        }
        ctx.graph()
                .node(
                        new Node(
                                name,
                                OpKind.QUANTIZE,
                                List.of(x.name()),
                                node.getOutput(0),
                                Attributes.DEFAULT));
    }
}
