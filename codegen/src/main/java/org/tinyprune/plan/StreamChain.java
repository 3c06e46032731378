package org.tinyprune.plan;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;

/**
 * A chain of layers run streamed by {@code tp_stream_chain_s8}: row by row through line buffers, so
 * of each intermediate map only {@code min(E, H)} rows exist ({@code E = dilation_h · (kh - 1) + 1}
 * of the layer reading it), as {@code org.tinyprune.int8.StreamedChain} defines. The chain's input
 * and output stay whole tensors; the intermediate maps get no arena slot, the line buffers (and the
 * largest im2col scratch of its convolutions) are the first layer's scratch ({@link
 * #scratchBytes}).
 *
 * <p>Streamable: int8 convolutions (general, grouped, depthwise, 1×1) and max or average pools on
 * batch-1 maps, each reading the previous layer's output, which nothing else reads and which is not
 * a graph output; at most {@link #MAX_LAYERS} layers.
 *
 * @param nodes IR node indices, in chain order (at least two)
 */
public record StreamChain(List<Integer> nodes) {
    /** Most layers in one chain ({@code TP_STREAM_MAX_LAYERS}). */
    public static final int MAX_LAYERS = 8;

    /**
     * Stack the chain driver adds over calling its layers' kernels directly: the frames of {@code
     * tp_stream_chain_s8} and of the deeper of its out-of-line row calls, as {@code
     * arm-none-eabi-gcc -fstack-usage} reports them for Cortex-M4 with the firmware's flags (-O2):
     * 224 B + {@code tp_stream_conv_row} 120 B ({@code tp_stream_pool_row} takes 104 B). The
     * planner weighs it against the arena a chain saves; the resource model adds it to a board's
     * stack.
     */
    public static final int DRIVER_STACK_BYTES = 224 + 120;

    /** Copies the list. */
    public StreamChain {
        nodes = List.copyOf(nodes);
    }

    /** The first node (the one whose step runs the whole chain). */
    public int head() {
        return nodes.get(0);
    }

    /** The last node (whose output the chain writes). */
    public int tail() {
        return nodes.get(nodes.size() - 1);
    }

    /** True when {@code node} is in the chain. */
    public boolean contains(int node) {
        return nodes.contains(node);
    }

    /** True when node {@code n} can be a layer of a streamed chain. */
    public static boolean streamable(Graph g, Node n) {
        boolean op =
                n.op() == OpKind.CONV || n.op() == OpKind.MAX_POOL || n.op() == OpKind.AVG_POOL;
        if (!op) {
            return false;
        }
        Tensor x = g.tensor(n.input(0));
        Tensor y = g.outputOf(n);
        return x.rank() == 4
                && y.rank() == 4
                && x.dim(0) == 1
                && x.dtype() == DType.INT8
                && y.dtype() == DType.INT8;
    }

    /** True when the streamable node {@code next} can follow {@code prev} in a chain. */
    private static boolean follows(Graph g, Node prev, Node next) {
        String t = prev.output();
        return streamable(g, next)
                && next.input(0).equals(t)
                && !g.outputs().contains(t)
                && g.consumers(t).size() == 1;
    }

    /**
     * Every chain of at least two layers the graph allows: each contiguous run of at most {@link
     * #MAX_LAYERS} nodes of a maximal chain, shorter ones first.
     */
    public static List<StreamChain> candidates(Graph g) {
        List<Node> nodes = g.nodes();
        List<List<Integer>> maximal = new ArrayList<>();
        for (Node n : nodes) {
            if (!streamable(g, n)) {
                continue;
            }
            Node prev = g.producer(n.input(0)).orElse(null);
            if (prev != null && streamable(g, prev) && follows(g, prev, n)) {
                continue; // not the start of a maximal chain
            }
            List<Integer> chain = new ArrayList<>(List.of(g.indexOf(n)));
            Node cur = n;
            while (g.consumers(cur.output()).size() == 1
                    && follows(g, cur, g.consumers(cur.output()).get(0))) {
                cur = g.consumers(cur.output()).get(0);
                chain.add(g.indexOf(cur));
            }
            if (chain.size() >= 2) {
                maximal.add(chain);
            }
        }
        List<StreamChain> out = new ArrayList<>();
        for (int len = 2; len <= MAX_LAYERS; len++) {
            for (List<Integer> m : maximal) {
                for (int from = 0; from + len <= m.size(); from++) {
                    out.add(new StreamChain(m.subList(from, from + len)));
                }
            }
        }
        return out;
    }

    /** Input rows the window of streamable node {@code n} spans. */
    static int extentH(Graph g, Node n) {
        int kh = n.op() == OpKind.CONV ? g.tensor(n.input(1)).dim(2) : n.attributes().kernel()[0];
        return n.attributes().dilations()[0] * (kh - 1) + 1;
    }

    /**
     * Rows of each intermediate map the chain holds: {@code min(E_next, H)}, one per layer but the
     * last.
     */
    public int[] lineBufferRows(Graph g) {
        int[] rows = new int[nodes.size() - 1];
        for (int i = 0; i < rows.length; i++) {
            Node next = g.nodes().get(nodes.get(i + 1));
            rows[i] = Math.min(extentH(g, next), g.outputOf(g.nodes().get(nodes.get(i))).dim(2));
        }
        return rows;
    }

    /**
     * The chain driver's scratch ({@code tp_stream_chain_s8_get_buffer_size}): each line buffer,
     * {@code rows · W · C} bytes rounded up to 4, plus the largest scratch of the chain's
     * convolutions ({@link KernelScratch#bytes}, out of place) rounded up to 4.
     *
     * @throws IllegalArgumentException when the scratch would be larger than {@link
     *     Buffers#MAX_BYTES}
     */
    public int scratchBytes(Graph g) {
        int[] rows = lineBufferRows(g);
        long sum = 0;
        int conv = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = g.nodes().get(nodes.get(i));
            if (i < rows.length) {
                Tensor y = g.outputOf(n);
                sum +=
                        GreedyPlanner.align(
                                (int)
                                        Math.min(
                                                (long) rows[i] * y.dim(3) * y.dim(1),
                                                Buffers.MAX_BYTES));
            }
            conv = Math.max(conv, KernelScratch.bytes(g, n, false));
        }
        sum += GreedyPlanner.align(conv);
        if (sum > Buffers.MAX_BYTES) {
            throw new IllegalArgumentException(
                    "the line buffers of the chain from '"
                            + g.nodes().get(head()).name()
                            + "' need "
                            + sum
                            + " bytes, more than one arena can hold ("
                            + Buffers.MAX_BYTES
                            + " bytes)");
        }
        return (int) sum;
    }
}
