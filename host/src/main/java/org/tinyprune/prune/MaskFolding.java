package org.tinyprune.prune;

import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;

/**
 * Folds each {@link ChannelGate}'s current mask values into the layer that feeds it, so that the
 * network computes the same function without its gates: a gate after a BatchNorm scales that
 * channel's γ and β by the mask, a gate after a convolution or dense layer scales the channel's
 * filter and bias. Used when hardening, where a kept channel's mask (often between ½ and 1) would
 * otherwise jump to 1 and shift every later activation.
 */
final class MaskFolding {
    private MaskFolding() {}

    /**
     * True if a gate after a layer of this kind can be folded into it: it scales each output
     * channel by weights of its own (convolution, dense, BatchNorm). {@link GraphSurgery#withGates}
     * puts gates only after such layers.
     */
    static boolean foldable(Layer l) {
        return l instanceof Conv2d || l instanceof Dense || l instanceof BatchNorm2d;
    }

    /**
     * Folds in place: the layers of {@code gated} are changed, so afterwards its gate-free copy
     * ({@link GraphSurgery#withoutGates}) computes what {@code gated} computed before.
     *
     * @throws IllegalArgumentException naming the node when a gate follows a layer it cannot fold
     *     into
     */
    static void fold(Graph gated) {
        for (Node n : gated.nodes()) {
            if (!(n.layer() instanceof ChannelGate gate)) {
                continue;
            }
            Node producer = gated.node(n.inputs().get(0));
            Layer l = producer.layer();
            if (l instanceof BatchNorm2d bn) {
                scale(gate, bn.gamma());
                scale(gate, bn.beta());
            } else if (l instanceof Conv2d c) {
                scale(gate, c.weight());
                scale(gate, c.bias());
            } else if (l instanceof Dense d) {
                scale(gate, d.weight());
                scale(gate, d.bias());
            } else {
                throw new IllegalArgumentException(
                        "gate "
                                + n.name()
                                + " follows "
                                + producer.name()
                                + " ("
                                + l.kind()
                                + "), which has no per-channel weights to fold its mask into");
            }
        }
    }

    /** Scales the block of {@code p} that belongs to each output channel by that channel's mask. */
    private static void scale(ChannelGate gate, Param p) {
        if (p == null) {
            return;
        }
        float[] v = p.values();
        int channels = gate.channels();
        int per = v.length / channels;
        for (int c = 0; c < channels; c++) {
            float m = gate.scale(c);
            for (int i = c * per; i < (c + 1) * per; i++) {
                v[i] *= m;
            }
        }
    }
}
