package org.tinyprune.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A network: named {@link Node}s in topological order (every node's inputs come before it), one or
 * more input nodes and one output node. Build one with {@link GraphBuilder}. The graph infers and
 * caches per-sample shapes; {@link #replace} swaps a layer (e.g. a pruned, narrower one) and
 * re-checks every shape.
 *
 * <p>Run it with a {@link GraphRunner} (training, gradients) or {@link #forward(Tensor)} (eval).
 */
public final class Graph {
    private final String name;
    private final List<Node> nodes;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> inputNames;
    private final String outputName;
    private List<int[]> shapes;
    private GraphRunner evalRunner;

    Graph(String name, List<Node> nodes, List<String> inputNames, String outputName) {
        this.name = name;
        this.nodes = new ArrayList<>(nodes);
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).name(), i);
        }
        this.inputNames = List.copyOf(inputNames);
        this.outputName = outputName;
        this.shapes = inferShapes(this.nodes);
    }

    /** A builder for a graph called {@code name}. */
    public static GraphBuilder builder(String name) {
        return new GraphBuilder(name);
    }

    /** The graph's name (e.g. the zoo model name). */
    public String name() {
        return name;
    }

    /** The nodes in topological order (unmodifiable). */
    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** The node called {@code nodeName}. */
    public Node node(String nodeName) {
        return nodes.get(indexOf(nodeName));
    }

    /** Position of a node in the topological order. */
    public int indexOf(String nodeName) {
        Integer i = index.get(nodeName);
        if (i == null) {
            throw new IllegalArgumentException("graph " + name + " has no node '" + nodeName + "'");
        }
        return i;
    }

    /** Names of the input nodes. */
    public List<String> inputNames() {
        return inputNames;
    }

    /** Name of the output node. */
    public String outputName() {
        return outputName;
    }

    /** Per-sample output shape of a node (no batch dimension), e.g. {@code [16, 14, 14]}. */
    public int[] shape(String nodeName) {
        return shapes.get(indexOf(nodeName)).clone();
    }

    /** Per-sample shape of the (first) input. */
    public int[] inputShape() {
        return shape(inputNames.get(0));
    }

    /** Per-sample shape of the output. */
    public int[] outputShape() {
        return shape(outputName);
    }

    /** Per-sample shapes of a node's inputs, in input order. */
    public List<int[]> inputShapes(String nodeName) {
        List<int[]> result = new ArrayList<>();
        for (String in : node(nodeName).inputs()) {
            result.add(shape(in));
        }
        return result;
    }

    /** Names of the nodes that read {@code nodeName}'s output, in topological order. */
    public List<String> consumers(String nodeName) {
        List<String> result = new ArrayList<>();
        for (Node n : nodes) {
            if (n.inputs().contains(nodeName)) {
                result.add(n.name());
            }
        }
        return result;
    }

    /** Every param, keyed {@code node.param} (e.g. {@code conv1.weight}), in topological order. */
    public Map<String, Param> params() {
        Map<String, Param> result = new LinkedHashMap<>();
        for (Node n : nodes) {
            for (Param p : n.layer().params()) {
                result.put(n.name() + "." + p.name(), p);
            }
        }
        return result;
    }

    /** Number of trainable parameter values. */
    public long paramCount() {
        long count = 0;
        for (Param p : params().values()) {
            count += p.trainable() ? p.size() : 0;
        }
        return count;
    }

    /** Multiply-accumulates per sample for one node. */
    public long macs(String nodeName) {
        return node(nodeName).layer().macs(inputShapes(nodeName));
    }

    /** Multiply-accumulates per sample for the whole graph. */
    public long macs() {
        long total = 0;
        for (Node n : nodes) {
            total += macs(n.name());
        }
        return total;
    }

    /**
     * Initialises every layer's params from {@code seed}. Each node draws from its own generator
     * derived from the seed and the node name, so the same seed gives bit-identical weights.
     */
    public void init(long seed) {
        for (Node n : nodes) {
            n.layer().init(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n.name().hashCode()));
        }
    }

    /**
     * Replaces the layer of node {@code nodeName} (inputs unchanged) and re-infers all shapes.
     *
     * @throws IllegalArgumentException if the new layer does not fit its inputs or its consumers;
     *     the graph is then left unchanged
     */
    public void replace(String nodeName, Layer layer) {
        int i = indexOf(nodeName);
        Node old = nodes.get(i);
        nodes.set(i, new Node(old.name(), layer, old.inputs()));
        try {
            shapes = inferShapes(nodes);
        } catch (IllegalArgumentException e) {
            nodes.set(i, old);
            throw e;
        }
    }

    /** Runs the graph in eval mode on one batch; returns a copy of the output. */
    public synchronized Tensor forward(Tensor input) {
        if (evalRunner == null) {
            evalRunner = new GraphRunner(this);
        }
        return evalRunner.forward(new Tensor[] {input}, false).copy();
    }

    private static List<int[]> inferShapes(List<Node> nodes) {
        Map<String, int[]> known = new HashMap<>();
        List<int[]> result = new ArrayList<>();
        for (Node n : nodes) {
            List<int[]> in = new ArrayList<>();
            for (String input : n.inputs()) {
                int[] s = known.get(input);
                if (s == null) {
                    throw new IllegalArgumentException(
                            "node '"
                                    + n.name()
                                    + "' reads '"
                                    + input
                                    + "', which is not defined before it");
                }
                in.add(s);
            }
            int[] out;
            try {
                out = n.layer().outputShape(in);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node '" + n.name() + "': " + e.getMessage(), e);
            }
            known.put(n.name(), out);
            result.add(out);
        }
        return result;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Graph " + name + "\n");
        for (Node n : nodes) {
            sb.append(
                    String.format(
                            "  %-16s %-14s %-18s <- %s%n",
                            n.name(), n.layer().kind(), Shapes.str(shape(n.name())), n.inputs()));
        }
        return sb.toString();
    }
}
