package org.tinyprune.zoo;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.nn.layer.Dropout;
import org.tinyprune.nn.layer.Flatten;
import org.tinyprune.nn.layer.ReLU;
import org.tinyprune.nn.layer.ReLU6;

/**
 * Per-node and total size of a network: output shape, trainable parameters and multiply-accumulates
 * (as {@link Layer#macs} counts them: convolution and dense weights times output positions, one per
 * element for BatchNorm and pooling), plus the peak activation memory of the node order.
 *
 * <p>Peak activation memory is counted as the deployed int8 network would hold it: one byte per
 * element; BatchNorm, ReLU, ReLU6, Flatten and Dropout work in place on their input's buffer (they
 * are folded or fused on the device); a buffer lives from the node that writes it to the last node
 * that reads it. The peak is the largest sum of live buffers over the steps of the graph's node
 * order. It is a lower bound for an arena that keeps this order (the code generator's planner may
 * choose a better order or share an add's buffer with its input).
 */
public final class ModelSummary {

    /**
     * One node's figures.
     *
     * @param node node name
     * @param kind layer kind
     * @param outputShape per-sample output shape
     * @param params trainable parameter values
     * @param macs multiply-accumulates per sample
     */
    public record Row(String node, String kind, int[] outputShape, long params, long macs) {}

    private final Graph graph;
    private final List<Row> rows = new ArrayList<>();
    private long params;
    private long macs;
    private long peakBytes;
    private String peakNode;

    private ModelSummary(Graph graph) {
        this.graph = graph;
        for (Node n : graph.nodes()) {
            long p = 0;
            for (Param param : n.layer().params()) {
                p += param.trainable() ? param.size() : 0;
            }
            long m = graph.macs(n.name());
            rows.add(new Row(n.name(), n.layer().kind(), graph.shape(n.name()), p, m));
            params += p;
            macs += m;
        }
        computePeak();
    }

    /**
     * Summarises a graph.
     *
     * @param graph the network
     * @return its summary
     */
    public static ModelSummary of(Graph graph) {
        return new ModelSummary(graph);
    }

    /**
     * @return one row per node, in the graph's order
     */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /**
     * @return total trainable parameter values
     */
    public long params() {
        return params;
    }

    /**
     * @return total multiply-accumulates per sample
     */
    public long macs() {
        return macs;
    }

    /**
     * @return peak activation memory in bytes (int8, one byte per element)
     */
    public long peakActivationBytes() {
        return peakBytes;
    }

    /**
     * @return the node at which the peak activation memory occurs
     */
    public String peakNode() {
        return peakNode;
    }

    private static boolean inPlace(Layer layer) {
        return layer instanceof BatchNorm2d
                || layer instanceof ReLU
                || layer instanceof ReLU6
                || layer instanceof Flatten
                || layer instanceof Dropout;
    }

    private void computePeak() {
        List<Node> nodes = graph.nodes();
        int n = nodes.size();
        int[] root = new int[n];
        int[] lastUse = new int[n];
        for (int i = 0; i < n; i++) {
            Node node = nodes.get(i);
            root[i] = inPlace(node.layer()) ? root[graph.indexOf(node.inputs().get(0))] : i;
            lastUse[root[i]] = Math.max(lastUse[root[i]], i);
            for (String in : node.inputs()) {
                int r = root[graph.indexOf(in)];
                lastUse[r] = Math.max(lastUse[r], i);
            }
        }
        for (int i = 0; i < n; i++) {
            if (root[i] != i) {
                continue;
            }
            long live = 0;
            for (int j = 0; j <= i; j++) {
                if (root[j] == j && lastUse[j] >= i) {
                    live += Shapes.size(graph.shape(nodes.get(j).name()));
                }
            }
            if (live > peakBytes) {
                peakBytes = live;
                peakNode = nodes.get(i).name();
            }
        }
    }

    /**
     * @return the summary as a table, one line per node, then totals and the peak
     */
    public String table() {
        int[] in = graph.inputShape();
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        "model %s, input %s, %d outputs%n",
                        graph.name(), dims(in), graph.outputShape()[0]));
        sb.append(
                String.format(
                        "%-20s %-16s %-12s %12s %14s%n",
                        "node", "kind", "output", "params", "MACs"));
        for (Row r : rows) {
            sb.append(
                    String.format(
                            "%-20s %-16s %-12s %,12d %,14d%n",
                            r.node(), r.kind(), dims(r.outputShape()), r.params(), r.macs()));
        }
        sb.append(String.format("%-50s %,12d %,14d%n", "total", params, macs));
        sb.append(
                String.format(
                        "peak activation memory (int8, BN folded, activations fused,"
                                + " this node order): %,d bytes at %s%n",
                        peakBytes, peakNode));
        return sb.toString();
    }

    private static String dims(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : "x").append(shape[i]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return table();
    }
}
