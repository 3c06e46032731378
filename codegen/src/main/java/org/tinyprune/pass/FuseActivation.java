package org.tinyprune.pass;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;

/**
 * Fuses a {@link OpKind#CLAMP} into the node producing its input when that node's kernel takes an
 * output clamp (conv, dense, pools, add, clamp, mul), the clamp is its only reader, the
 * intermediate tensor is not a graph output, and (for int8) both tensors share one quantisation, so
 * the clamp happens on the same integer values the standalone op would see.
 */
public final class FuseActivation implements GraphPass {
    private static final Set<OpKind> TAKES_CLAMP =
            Set.of(
                    OpKind.CONV,
                    OpKind.DENSE,
                    OpKind.MAX_POOL,
                    OpKind.AVG_POOL,
                    OpKind.GLOBAL_AVG_POOL,
                    OpKind.ADD,
                    OpKind.CLAMP,
                    OpKind.MUL);

    @Override
    public String name() {
        return "fuse-activation";
    }

    @Override
    public Graph apply(Graph g) {
        GraphBuilder b = g.toBuilder();
        List<Node> nodes = b.nodes();
        boolean changed = false;
        for (int i = 0; i < nodes.size(); i++) {
            Node act = nodes.get(i);
            if (act.op() != OpKind.CLAMP) {
                continue;
            }
            String mid = act.input(0);
            Node prod = nodes.stream().filter(n -> n.output().equals(mid)).findFirst().orElse(null);
            if (prod == null
                    || !TAKES_CLAMP.contains(prod.op())
                    || g.consumers(mid).size() != 1
                    || g.outputs().contains(mid)) {
                continue;
            }
            Tensor in = g.tensor(mid);
            Tensor out = g.tensor(act.output());
            if (in.dtype() != out.dtype()
                    || !Objects.equals(in.quantization(), out.quantization())) {
                continue;
            }
            int at = nodes.indexOf(prod);
            nodes.set(
                    at,
                    prod.withAttributes(
                                    prod.attributes()
                                            .withClamp(
                                                    prod.attributes()
                                                            .clamp()
                                                            .intersect(act.attributes().clamp())))
                            .withOutput(act.output()));
            nodes.remove(i--);
            changed = true;
        }
        return changed ? b.build() : g;
    }
}
