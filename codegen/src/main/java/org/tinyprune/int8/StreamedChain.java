package org.tinyprune.int8;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;

/**
 * Streamed (line-buffer) execution of a chain of windowed int8 layers, the definition the C driver
 * {@code tp_stream_chain_s8} implements: the chain's input and output are whole tensors, but of
 * each intermediate map only the rows the next layer's window still needs are held, at most {@code
 * min(E, H)} of them ({@code E = dilation_h · (kh - 1) + 1} of the next layer, {@link
 * #lineBufferRows()}). Every row is computed once (no recomputation).
 *
 * <p>The schedule: repeatedly pick the deepest layer whose next output row has all its input rows
 * available (the first layer always has), drop from its input line buffer the rows above that
 * window, and compute the row; a row no later window reads is skipped. The last layer's rows go to
 * the output in order. The arithmetic of each row is the layer-by-layer kernel's, so the output
 * equals {@link Int8Interpreter#run} bit for bit; the line buffers refuse to be read outside the
 * rows they hold, so the chain provably needs no more.
 *
 * <p>A chain is a sequence of convolutions (general, grouped, depthwise; any kernel, stride,
 * padding, dilation) and max or average pools where each layer reads the previous layer's output,
 * which nothing else reads.
 */
public final class StreamedChain {
    private final List<Node> nodes;
    private final List<RowKernel> layers = new ArrayList<>();
    private final int batch;
    private final int inC;
    private final int inH;
    private final int inW;

    private StreamedChain(Graph graph, List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
        check(graph, nodes);
        for (Node n : nodes) {
            layers.add(n.op() == OpKind.CONV ? new ConvRows(graph, n) : new PoolRows(graph, n));
        }
        Tensor x = graph.tensor(nodes.get(0).input(0));
        batch = x.dim(0);
        inC = x.dim(1);
        inH = x.dim(2);
        inW = x.dim(3);
    }

    /**
     * Prepares a chain of {@code graph}'s nodes.
     *
     * @param graph a quantised graph
     * @param chain the nodes, in order
     * @return the chain
     * @throws IllegalArgumentException naming the node that breaks the chain, or as {@link
     *     Int8Interpreter#prepare} for a node that cannot run in int8
     */
    public static StreamedChain of(Graph graph, List<Node> chain) {
        return new StreamedChain(graph, chain);
    }

    private static void check(Graph graph, List<Node> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a streamed chain needs at least one layer");
        }
        for (int i = 0; i < chain.size(); i++) {
            Node n = chain.get(i);
            if (n.op() != OpKind.CONV && n.op() != OpKind.MAX_POOL && n.op() != OpKind.AVG_POOL) {
                throw Int8Checks.fail(
                        n,
                        "cannot be streamed: only convolutions and max or average pools can "
                                + "(it is "
                                + n.op()
                                + "); end the chain before it");
            }
            Int8Checks.shape(n, graph.tensor(n.input(0)), 4);
            if (i > 0 && !n.input(0).equals(chain.get(i - 1).output())) {
                throw Int8Checks.fail(
                        n,
                        "cannot follow '"
                                + chain.get(i - 1).name()
                                + "' in a streamed chain: it "
                                + "reads '"
                                + n.input(0)
                                + "', not '"
                                + chain.get(i - 1).output()
                                + "'");
            }
            if (i < chain.size() - 1) {
                String t = n.output();
                if (graph.outputs().contains(t) || graph.consumers(t).size() != 1) {
                    throw Int8Checks.fail(
                            n,
                            "cannot be inside a streamed chain: its output '"
                                    + t
                                    + "' is read by "
                                    + (graph.outputs().contains(t)
                                            ? "the caller"
                                            : graph.consumers(t).size() + " nodes")
                                    + ", and a streamed map is never whole; end the chain at it");
                }
            }
        }
    }

    /** The chain's nodes, in order. */
    public List<Node> nodes() {
        return nodes;
    }

    /**
     * Rows each intermediate map's line buffer holds at most (one entry per layer but the last).
     */
    public int[] lineBufferRows() {
        int[] rows = new int[layers.size() - 1];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Math.min(layers.get(i + 1).extentH(), layers.get(i).outH());
        }
        return rows;
    }

    /**
     * Runs the chain streamed.
     *
     * @param input the first layer's input, NCHW int8 codes
     * @return the last layer's output, NCHW int8 codes
     * @throws IllegalArgumentException if the input has the wrong length
     */
    public byte[] run(byte[] input) {
        if (input.length != batch * inC * inH * inW) {
            throw new IllegalArgumentException(
                    "streamed chain '"
                            + nodes.get(0).name()
                            + "' needs "
                            + batch * inC * inH * inW
                            + " int8 values, got "
                            + input.length);
        }
        int n = layers.size();
        RowKernel last = layers.get(n - 1);
        int plane = last.outH() * last.outW();
        byte[] y = new byte[batch * last.outC() * plane];
        int[] rows = lineBufferRows();
        for (int b = 0; b < batch; b++) {
            LineBuffer[] bands = new LineBuffer[n];
            bands[0] = LineBuffer.whole(input, b, inC, inH, inW);
            byte[][] out = new byte[n][];
            for (int i = 0; i < n; i++) {
                out[i] = new byte[layers.get(i).outC() * layers.get(i).outW()];
                if (i > 0) {
                    bands[i] =
                            new LineBuffer(
                                    layers.get(i - 1).outC(),
                                    layers.get(i - 1).outW(),
                                    rows[i - 1]);
                }
            }
            int[] next = new int[n];
            while (next[n - 1] < last.outH()) {
                int l = n - 1;
                while (l > 0 && next[l - 1] <= layers.get(l).lastRow(next[l])) {
                    l--;
                }
                RowKernel k = layers.get(l);
                int r = next[l]++;
                if (l < n - 1) {
                    int from = layers.get(l + 1).firstRow(next[l + 1]);
                    if (r < from) {
                        continue;
                    }
                    bands[l + 1].dropBelow(from);
                }
                if (l > 0) {
                    bands[l].dropBelow(k.firstRow(r));
                }
                k.row(bands[l], r, out[l]);
                if (l < n - 1) {
                    bands[l + 1].append(r, out[l]);
                } else {
                    for (int c = 0; c < k.outC(); c++) {
                        System.arraycopy(
                                out[l],
                                c * k.outW(),
                                y,
                                (b * k.outC() + c) * plane + r * k.outW(),
                                k.outW());
                    }
                }
            }
        }
        return y;
    }
}
