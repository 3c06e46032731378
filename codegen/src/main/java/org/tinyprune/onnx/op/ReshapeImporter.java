package org.tinyprune.onnx.op;

import java.util.Arrays;
import java.util.Set;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.InitializerValues;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;

/**
 * ONNX Flatten and Reshape (with a constant target shape) → {@link
 * org.tinyprune.ir.OpKind#RESHAPE}; allowzero=1 only with no 0 in the shape, where it means the
 * same as allowzero=0.
 */
final class ReshapeImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Flatten", "Reshape");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        boolean flatten = node.getOpType().equals("Flatten");
        NodeAttributes a =
                NodeAttributes.of(node, name, flatten ? Set.of("axis") : Set.of("allowzero"));
        Tensor x = ctx.input(node, name, 0);
        int[] in = x.shape();
        int[] shape;
        if (flatten) {
            long axis = a.integer("axis", 1);
            axis = axis < 0 ? axis + in.length : axis;
            if (axis < 0 || axis > in.length) {
                throw a.fail("axis " + a.integer("axis", 1) + " out of range for " + x);
            }
            long outer = Tensor.elementCount(Arrays.copyOfRange(in, 0, (int) axis));
            shape = new int[] {(int) outer, (int) (x.elements() / outer)};
        } else {
            TensorProto t = ctx.initializer(node, 1);
            if (t == null || InitializerValues.type(t) != TensorProto.DataType.INT64) {
                throw a.fail(
                        "the target shape must be an INT64 initializer or Constant (dynamic shapes are not supported)");
            }
            long[] spec = InitializerValues.longs(t);
            // allowzero=1 makes a 0 in the shape a zero-sized dimension instead of a copy of the
            // input's;
            // without a 0 in the shape it means the same as allowzero=0
            if (a.integer("allowzero", 0) != 0 && Arrays.stream(spec).anyMatch(v -> v == 0)) {
                throw a.fail(
                        "attribute allowzero=1 with a 0 in the target shape "
                                + Arrays.toString(spec)
                                + " is not supported: zero-sized dimensions are not supported");
            }
            shape = target(a, spec, x);
        }
        ctx.addReshape(node, name, x.name(), node.getOutput(0), shape);
    }

    private static int[] target(NodeAttributes a, long[] spec, Tensor x)
            throws UnsupportedModelException {
        int[] shape = new int[spec.length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < spec.length; i++) {
            if (spec[i] == 0) {
                if (i >= x.rank()) {
                    throw a.fail("shape entry 0 at index " + i + " has no input dimension to copy");
                }
                shape[i] = x.dim(i);
            } else if (spec[i] == -1 && inferred < 0) {
                inferred = i;
                continue;
            } else if (spec[i] > 0 && spec[i] <= Integer.MAX_VALUE) {
                shape[i] = (int) spec[i];
            } else {
                throw a.fail("invalid target shape " + Arrays.toString(spec));
            }
            known *= shape[i];
        }
        if (inferred >= 0) {
            if (known == 0 || x.elements() % known != 0) {
                throw a.fail("target shape " + Arrays.toString(spec) + " does not divide " + x);
            }
            shape[inferred] = (int) (x.elements() / known);
        }
        return shape;
    }
}
