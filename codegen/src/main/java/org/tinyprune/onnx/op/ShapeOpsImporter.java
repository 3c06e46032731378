package org.tinyprune.onnx.op;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;

/**
 * Shape arithmetic: Shape, Gather, Unsqueeze, Squeeze, Slice, Cast and ConstantOfShape are
 * evaluated at import by {@link ConstantFolding} (shapes are static). On activations, Squeeze and
 * Unsqueeze become a RESHAPE and a Cast to FLOAT of a float tensor vanishes; anything else on
 * computed data is refused.
 */
final class ShapeOpsImporter implements OpImporter {
    private static final Map<String, Set<String>> ATTRIBUTES =
            Map.of(
                    "Shape", Set.of("start", "end"),
                    "Gather", Set.of("axis"),
                    "Unsqueeze", Set.of("axes"),
                    "Squeeze", Set.of("axes"),
                    "Slice", Set.of("starts", "ends", "axes"),
                    "Cast", Set.of("to", "saturate", "round_mode"),
                    "ConstantOfShape", Set.of("value"));

    @Override
    public Set<String> opTypes() {
        return ATTRIBUTES.keySet();
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        String op = node.getOpType();
        NodeAttributes a = NodeAttributes.of(node, name, ATTRIBUTES.get(op));
        boolean known = ImportContext.hasInput(node, 0) && ctx.initializer(node, 0) != null;
        if (op.equals("Shape") || ConstantFolding.allKnown(node, ctx)) {
            ConstantFolding.fold(node, name, ctx, a);
        } else if (!known && (op.equals("Squeeze") || op.equals("Unsqueeze"))) {
            Tensor x = ctx.input(node, name, 0);
            ctx.addReshape(node, name, x.name(), node.getOutput(0), squeezed(node, ctx, a, x));
        } else if (!known
                && op.equals("Cast")
                && a.integer("to", 0) == TensorProto.DataType.FLOAT_VALUE
                && ctx.input(node, name, 0).dtype() == DType.FLOAT32) {
            ctx.alias(node.getOutput(0), node.getInput(0));
        } else {
            ConstantFolding.fold(node, name, ctx, a);
        }
    }

    /** The shape of an activation after Squeeze / Unsqueeze (axes constant). */
    private static int[] squeezed(NodeProto node, ImportContext ctx, NodeAttributes a, Tensor x)
            throws UnsupportedModelException {
        long[] axes;
        if (ctx.opset() >= 13) {
            TensorProto t = ImportContext.hasInput(node, 1) ? ctx.initializer(node, 1) : null;
            if (ImportContext.hasInput(node, 1) && t == null) {
                throw a.fail("axes must be known at import");
            }
            axes = t == null ? null : ConstantFolding.Value.of(t, a).ints();
        } else {
            int[] v = a.ints("axes");
            axes = v == null ? null : Arrays.stream(v).asLongStream().toArray();
        }
        int[] s = x.shape();
        boolean unsqueeze = node.getOpType().equals("Unsqueeze");
        if (axes == null && unsqueeze) {
            throw a.fail("axes are required");
        }
        int r = unsqueeze ? s.length + axes.length : s.length;
        boolean[] marked = new boolean[r];
        if (axes == null) {
            for (int i = 0; i < r; i++) {
                marked[i] = s[i] == 1;
            }
        }
        for (long v : axes == null ? new long[0] : axes) {
            long ax = v < 0 ? v + r : v;
            if (ax < 0 || ax >= r || (!unsqueeze && s[(int) ax] != 1)) {
                throw a.fail(
                        "axis "
                                + v
                                + " cannot be "
                                + (unsqueeze ? "inserted into " : "squeezed from ")
                                + x);
            }
            marked[(int) ax] = true;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0, j = 0; i < r; i++) {
            if (unsqueeze) {
                out.add(marked[i] ? 1 : s[j++]);
            } else if (!marked[i]) {
                out.add(s[i]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
