package org.tinyprune.pass;

import java.util.Arrays;
import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;

/**
 * Recognises the channel shuffle PyTorch exports (ShuffleNet): RESHAPE {@code [N, C, H, W]} →
 * {@code [N, g, C/g, H, W]}, TRANSPOSE {@code (0, 2, 1, 3, 4)}, RESHAPE back to {@code [N, C, H,
 * W]}, each intermediate read only by the next, and replaces the three by one {@link
 * OpKind#CHANNEL_SHUFFLE} with {@code group = g}. The IR keeps tensors 4-D this way: the resource
 * model's channel variables, the pruner's coupling groups and the planner see one
 * channel-preserving op (one copy in SRAM) instead of three data moves through a 5-D tensor. Works
 * on float and int8 graphs (all three ops keep their input's quantisation).
 */
public final class FoldChannelShuffle implements GraphPass {
    private static final int[] SWAP = {0, 2, 1, 3, 4};

    @Override
    public String name() {
        return "fold-channel-shuffle";
    }

    @Override
    public Graph apply(Graph g) {
        GraphBuilder b = g.toBuilder();
        List<Node> nodes = b.nodes();
        boolean changed = false;
        for (Node t : g.nodes()) {
            if (t.op() != OpKind.TRANSPOSE || !Arrays.equals(t.attributes().perm(), SWAP)) {
                continue;
            }
            Node split = g.producer(t.input(0)).orElse(null);
            List<Node> readers = g.consumers(t.output());
            if (split == null
                    || split.op() != OpKind.RESHAPE
                    || readers.size() != 1
                    || readers.get(0).op() != OpKind.RESHAPE
                    || !only(g, split, t)
                    || !only(g, t, readers.get(0))) {
                continue;
            }
            Node merge = readers.get(0);
            Tensor x = g.tensor(split.input(0));
            int[] five = g.outputOf(split).shape();
            int[] s = x.shape();
            if (s.length != 4
                    || !Arrays.equals(g.outputOf(merge).shape(), s)
                    || five[0] != s[0]
                    || five[1] * five[2] != s[1]
                    || five[3] != s[2]
                    || five[4] != s[3]) {
                continue;
            }
            Node shuffle =
                    new Node(
                            t.name(),
                            OpKind.CHANNEL_SHUFFLE,
                            List.of(x.name()),
                            merge.output(),
                            Attributes.DEFAULT.withGroup(five[1]));
            nodes.set(nodes.indexOf(merge), shuffle);
            nodes.remove(t);
            nodes.remove(split);
            changed = true;
        }
        return changed ? b.build() : g;
    }

    /**
     * True when {@code reader} is the only reader of {@code n}'s output, which is no graph output.
     */
    private static boolean only(Graph g, Node n, Node reader) {
        return !g.outputs().contains(n.output()) && g.consumers(n.output()).equals(List.of(reader));
    }
}
