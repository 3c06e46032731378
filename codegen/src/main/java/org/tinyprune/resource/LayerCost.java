package org.tinyprune.resource;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.int8.LookupTable;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.plan.DeviceLayout;
import org.tinyprune.plan.KernelScratch;
import org.tinyprune.plan.StreamChain;

/**
 * The costs of one layer as functions of its input and output channel counts: constant bytes
 * (weights, biases, per-channel multipliers and shifts, exactly what the C emitter stores), kernel
 * scratch (the kernels' {@code _get_buffer_size} rule), MACs, element counts and the cost-model key
 * of its kernel.
 */
final class LayerCost {
    private final Graph g;
    private final Node n;
    private final ChannelSpace space;
    private final boolean depthwise;
    private final boolean inPlace;

    /** For the first node of a streamed chain: every node's cost (out of place), else null. */
    private final List<LayerCost> chain;

    /** For the first node of a streamed chain: the line buffers' rows, else null. */
    private final int[] lineRows;

    /** The kernel key of the streamed-chain driver's code ({@code tp_stream_chain_s8}). */
    static final String STREAM_KERNEL = "stream";

    LayerCost(Graph g, Node n, ChannelSpace space, boolean inPlace) {
        this(g, n, space, inPlace, null, null);
    }

    private LayerCost(
            Graph g,
            Node n,
            ChannelSpace space,
            boolean inPlace,
            List<LayerCost> chain,
            int[] lineRows) {
        this.g = g;
        this.n = n;
        this.space = space;
        this.depthwise = KernelScratch.isDepthwise(g, n);
        this.inPlace = inPlace;
        this.chain = chain;
        this.lineRows = lineRows;
    }

    /**
     * The first node of a streamed chain: priced as its own layer (the driver calls the same kernel
     * row by row), its scratch the chain's ({@link StreamChain#scratchBytes}).
     */
    static LayerCost streamed(Graph g, StreamChain c, ChannelSpace space) {
        List<LayerCost> members = new ArrayList<>();
        for (int i : c.nodes()) {
            members.add(new LayerCost(g, g.nodes().get(i), space, false));
        }
        return new LayerCost(
                g, g.nodes().get(c.head()), space, false, members, c.lineBufferRows(g));
    }

    /**
     * The key of the kernel code this layer links ({@link LinkedCode#kernels}): its {@link #key()},
     * except "depthwise_in_place" for a depthwise convolution that runs in place (another function,
     * {@code tp_depthwise_conv_in_place_s8}; its latency is priced as "depthwise").
     */
    String kernelKey() {
        return inPlace ? "depthwise_in_place" : key();
    }

    /** The board cost-model key of this layer's kernel, or null when no key covers it. */
    String key() {
        return switch (n.op()) {
            case CONV -> depthwise ? "depthwise" : isPointwise() ? "conv1x1" : "conv";
            case DENSE -> "dense";
            case MAX_POOL -> "maxpool";
            case AVG_POOL -> "avgpool";
            case GLOBAL_AVG_POOL -> "global_avgpool";
            case ADD -> "add";
            case CONCAT -> "concat";
            case SIGMOID, HARD_SIGMOID, HARD_SWISH -> "lut";
            case MUL -> "mul";
            case PAD -> "pad";
            case TRANSPOSE, CHANNEL_SHUFFLE -> "transpose";
            case RESHAPE -> DeviceLayout.reshapeIsAlias(g, n) ? null : "transpose";
            default -> null;
        };
    }

    private boolean isPointwise() {
        int[] w = g.tensor(n.input(1)).shape();
        int[] p = n.attributes().pads();
        return w[2] == 1
                && w[3] == 1
                && n.attributes().group() == 1
                && (p[0] | p[1] | p[2] | p[3]) == 0;
    }

    private Dual in(double[] c) {
        return space.elements(n.input(0), c);
    }

    Dual outputs(double[] c) {
        return space.elements(n.output(), c);
    }

    /**
     * Input elements read: window reads (output pixels × input channels × kernel area) for windowed
     * ops, else the elements of every activation input.
     */
    Dual inputs(double[] c) {
        if (windowed()) {
            return space.channels(n.input(0), c).times((double) kernelArea() * pixels());
        }
        Dual sum = Dual.constant(0, c.length);
        for (String t : n.op().hasWeights() ? java.util.List.of(n.input(0)) : n.inputs()) {
            if (!g.tensor(t).isConstant()) {
                sum = sum.plus(space.elements(t, c));
            }
        }
        return sum;
    }

    /** Output pixels: elements per output channel (H·W; 1 for a dense output). */
    int pixels() {
        return space.perChannel(n.output());
    }

    /**
     * Whether the kernel gathers a window of its input per output pixel (k×k conv, depthwise,
     * pools).
     */
    private boolean windowed() {
        return switch (n.op()) {
            case CONV -> depthwise || !isPointwise();
            case MAX_POOL, AVG_POOL -> true;
            default -> false;
        };
    }

    /** Kernel height × width of a windowed op. */
    private int kernelArea() {
        if (n.op() == OpKind.CONV) {
            int[] w = g.tensor(n.input(1)).shape();
            return w[2] * w[3];
        }
        return n.attributes().kernel()[0] * n.attributes().kernel()[1];
    }

    /**
     * Weights per output position: (Cin/groups)·kh·kw for conv, kh·kw for depthwise, K for dense.
     */
    private Dual fanIn(double[] c) {
        int[] w = g.tensor(n.input(1)).shape();
        if (n.op() == OpKind.DENSE) {
            Tensor x = g.tensor(n.input(0));
            return in(c).div((double) x.elements() / w[1]);
        }
        if (depthwise) {
            return Dual.constant((double) w[2] * w[3], c.length);
        }
        return space.channels(n.input(0), c).times((double) w[2] * w[3] / n.attributes().group());
    }

    /** Multiply-accumulates (window reads for pools, additions for add). */
    Dual macs(double[] c) {
        return switch (n.op()) {
            case CONV, DENSE -> fanIn(c).times(outputs(c));
            case MAX_POOL, AVG_POOL ->
                    outputs(c)
                            .times(
                                    (double) n.attributes().kernel()[0]
                                            * n.attributes().kernel()[1]);
            case GLOBAL_AVG_POOL -> in(c);
            case ADD, MUL -> outputs(c);
            default -> Dual.constant(0, c.length);
        };
    }

    /**
     * The MAC feature of the latency model: the multiply-accumulates of weighted layers (conv,
     * depthwise, dense), 0 for the others, whose work the output and input features carry.
     */
    Dual latencyMacs(double[] c) {
        return n.op().hasWeights() ? macs(c) : Dual.constant(0, c.length);
    }

    /**
     * Whether the kernel is the int8 general or 1×1 convolution (the column-pair matrix multiply).
     */
    private boolean matMul() {
        return n.op() == OpKind.CONV && !depthwise && g.outputOf(n).dtype() == DType.INT8;
    }

    /**
     * Tail MACs: the multiply-accumulates the int8 kernels' 4-wide SIMD loops leave to scalar code.
     * The general and 1×1 convolutions run each dot product four weights at a time: output elements
     * × (K mod 4), K the weights per output. Depthwise convolution runs four channels at a time:
     * output pixels × (C mod 4) × kernel area. Counts are rounded to integers first; the remainder
     * is a step function, so only the convolutions' outputs carry a slope.
     */
    Dual tailMacs(double[] c) {
        if (n.op() == OpKind.CONV && depthwise && g.outputOf(n).dtype() == DType.INT8) {
            long channels = Math.round(space.channels(n.output(), c).value());
            return Dual.constant(
                    (double) pixels() * Math.floorMod(channels, 4) * kernelArea(), c.length);
        }
        if (!matMul()) {
            return Dual.constant(0, c.length);
        }
        return outputs(c).times(Math.floorMod(Math.round(fanIn(c).value()), 4));
    }

    /** Output pixels when an int8 convolution's output channel count (rounded) is odd, else 0. */
    double oddChannelPixels(double[] c) {
        return matMul() && Math.round(space.channels(n.output(), c).value()) % 2 == 1
                ? pixels()
                : 0;
    }

    /** Bytes of the const arrays the emitter writes for this layer. */
    Dual constantBytes(double[] c) {
        if ("lut".equals(key()) && g.outputOf(n).dtype() == DType.INT8) {
            return Dual.constant(LookupTable.SIZE, c.length);
        }
        if (n.op() == OpKind.MUL && g.tensor(n.input(1)).isConstant()) {
            return factorBytes(c);
        }
        if (!n.op().hasWeights()) {
            return Dual.constant(0, c.length);
        }
        Tensor w = g.tensor(n.input(1));
        Dual cout = space.channels(n.output(), c);
        Dual bytes = fanIn(c).times(cout).times(w.dtype().bytes());
        if (n.inputs().size() > 2) {
            bytes = bytes.plus(cout.times(4));
        }
        if (w.dtype() == DType.INT8) {
            bytes = bytes.plus(cout.times(8));
        }
        return bytes;
    }

    /** A constant MUL factor: one element, one per output channel, or one per output element. */
    private Dual factorBytes(double[] c) {
        Tensor b = g.tensor(n.input(1));
        Tensor y = g.outputOf(n);
        int bytes = b.dtype().bytes();
        if (b.elements() == 1) {
            return Dual.constant(bytes, c.length);
        }
        return (b.elements() == y.elements() ? outputs(c) : space.channels(n.output(), c))
                .times(bytes);
    }

    /**
     * Scratch bytes (aligned as the planner aligns them): the im2col columns of int8 convolution,
     * the line buffer of in-place depthwise convolution ({@link KernelScratch#inPlaceBytes}).
     */
    Dual scratch(double[] c) {
        if (chain != null) {
            Dual sum = Dual.constant(0, c.length);
            Dual conv = Dual.constant(0, c.length);
            for (int i = 0; i < chain.size(); i++) {
                LayerCost m = chain.get(i);
                if (i < lineRows.length) {
                    Dual channels = space.channels(m.n.output(), c);
                    sum =
                            sum.plus(
                                    channels.times((double) lineRows[i] * g.outputOf(m.n).dim(3))
                                            .ceilTo(4));
                }
                conv = conv.max(m.scratch(c));
            }
            return sum.plus(conv);
        }
        if (inPlace) {
            int[] w = g.tensor(n.input(1)).shape();
            int width = g.tensor(n.input(0)).dim(3);
            int extent = n.attributes().dilations()[0] * (w[2] - 1) + 1;
            Dual ch = space.channels(n.input(0), c);
            Dual four = Dual.constant(4, c.length);
            Dual block = ch.plus(four).plus(ch.max(four).times(-1)); // min(C, 4)
            return block.times((double) extent * width + (double) w[2] * w[3]).ceilTo(4);
        }
        if (n.op() != OpKind.CONV || g.outputOf(n).dtype() != DType.INT8 || depthwise) {
            return Dual.constant(0, c.length);
        }
        return fanIn(c).ceilTo(2).times(4).ceilTo(4);
    }
}
