package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.plan.DeviceLayout;

/**
 * RESHAPE emits no code when {@link DeviceLayout#reshapeIsAlias} says the planner gave input and
 * output the same bytes (same device order, or a flatten read only by dense layers, whose weight
 * columns {@link DenseEmitter} permutes); otherwise it is a copy into the output's order through
 * the transpose kernel.
 */
final class ReshapeEmitter implements OpEmitter {
    @Override
    public Set<OpKind> ops() {
        return Set.of(OpKind.RESHAPE);
    }

    @Override
    public Emission resolve(Node n, EmitContext ctx) throws UnsupportedModelException {
        Tensor x = ctx.graph().tensor(n.input(0));
        Tensor y = ctx.graph().outputOf(n);
        ctx.hwc(n, x);
        ctx.hwc(n, y);
        if (DeviceLayout.reshapeIsAlias(ctx.graph(), n)) {
            return null;
        }
        Int8Checks.sameQuantization(n, x, y);
        try {
            return TransposeEmitter.call(n, ctx, DeviceLayout.move(ctx.graph(), n), x, y);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException(n.name(), "RESHAPE", e.getMessage());
        }
    }
}
