package org.tinyprune.pass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Shapes;

/**
 * Merges a {@link OpKind#PAD} of real 0 (one without a value input) into the one node that reads it
 * when the result is exactly the same (in float and, since such a PAD writes the zero point, in
 * int8):
 *
 * <ul>
 *   <li>CONV: its padding grows by the PAD's (a convolution pads with real 0 too);
 *   <li>AVG_POOL: the PAD's border becomes padding the divisor counts ({@code count_include_pad}),
 *       allowed when the pool has no padding of its own or already counts it;
 *   <li>MAX_POOL: when the padded tensor cannot be negative (its producer clamps at 0 or above), so
 *       a padded 0 never wins a window that also holds input values.
 * </ul>
 *
 * The merged node must keep its output shape and satisfy the kernels' window rules (padding smaller
 * than a convolution's dilated window; every pool window touching the input); otherwise the PAD
 * stays a standalone kernel.
 */
public final class FoldPad implements GraphPass {
    @Override
    public String name() {
        return "fold-pad";
    }

    @Override
    public Graph apply(Graph g) {
        GraphBuilder b = g.toBuilder();
        List<Node> nodes = b.nodes();
        boolean changed = false;
        for (Node pad : new ArrayList<>(nodes)) {
            if (pad.op() != OpKind.PAD
                    || pad.inputs().size() > 1
                    || g.outputs().contains(pad.output())
                    || g.consumers(pad.output()).size() != 1) {
                continue; // a PAD with a value input pads with something other than real 0
            }
            Node reader = g.consumers(pad.output()).get(0);
            Node merged = merge(g, pad, reader);
            if (merged != null) {
                nodes.set(nodes.indexOf(reader), merged);
                nodes.remove(pad);
                changed = true;
            }
        }
        return changed ? b.build() : g;
    }

    private static Node merge(Graph g, Node pad, Node reader) {
        if (!reader.input(0).equals(pad.output())) {
            return null;
        }
        Attributes a = reader.attributes();
        int[] p = pad.attributes().pads();
        int[] q = a.pads();
        int[] sum = new int[4];
        Arrays.setAll(sum, i -> p[i] + q[i]);
        Attributes merged = a.withPads(sum[0], sum[1], sum[2], sum[3]);
        switch (reader.op()) {
            case CONV -> {
                int[] w = g.tensor(reader.input(1)).shape();
                int[] d = a.dilations();
                int eh = d[0] * (w[2] - 1) + 1;
                int ew = d[1] * (w[3] - 1) + 1;
                if (sum[0] >= eh || sum[2] >= eh || sum[1] >= ew || sum[3] >= ew) {
                    return null;
                }
            }
            case AVG_POOL -> {
                if (!a.countIncludePad() && (q[0] | q[1] | q[2] | q[3]) != 0) {
                    return null;
                }
                merged = merged.withCountIncludePad(true);
            }
            case MAX_POOL -> {
                Node producer = g.producer(pad.input(0)).orElse(null);
                if (producer == null || !(producer.attributes().clamp().min() >= 0f)) {
                    return null;
                }
            }
            default -> {
                return null;
            }
        }
        List<String> inputs = new ArrayList<>(reader.inputs());
        inputs.set(0, pad.input(0));
        Node candidate = new Node(reader.name(), reader.op(), inputs, reader.outputs(), merged);
        try {
            int[] shape = Shapes.infer(candidate, g.inputsOf(candidate));
            return Arrays.equals(shape, g.outputOf(reader).shape()) ? candidate : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
