package org.tinyprune.onnx.op;

import java.util.List;
import java.util.Set;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/** ONNX GlobalAveragePool → {@link OpKind#GLOBAL_AVG_POOL}. */
final class GlobalAveragePoolImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("GlobalAveragePool");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        NodeAttributes.of(node, name, Set.of());
        ctx.add(
                node,
                new Node(
                        name,
                        OpKind.GLOBAL_AVG_POOL,
                        List.of(ctx.input(node, name, 0).name()),
                        node.getOutput(0),
                        Attributes.DEFAULT));
    }
}
