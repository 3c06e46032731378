package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * RESHAPE emits no code: the planner gives input and output the same arena bytes. That is only
 * correct when the NHWC bytes already are in the output's order, or when every reader is a dense
 * layer (whose weight columns {@link DenseEmitter} permutes); anything else is rejected.
 */
final class ReshapeEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.RESHAPE);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        Tensor y = ctx.graph().outputOf(n);
        if (ctx.flattenedFrom(y) == null) {
            return null;
        }
        boolean onlyDense = !ctx.graph().outputs().contains(y.name()) && y.rank() == 2
                && ctx.graph().consumers(y.name()).stream().allMatch(c -> c.op() == OpKind.DENSE);
        if (!onlyDense) {
            throw new UnsupportedModelException(n.name(), "RESHAPE", "reshaping " + ctx.flattenedFrom(y)
                    + " changes element order between NCHW and the device's NHWC; supported only as a flatten "
                    + "read by dense layers");
        }
        return null;
    }
}
