package org.tinyprune.ir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable network: tensors by name, nodes in a valid topological order, graph inputs and
 * outputs. Build with {@link #builder(String)}; rewrite with {@link #toBuilder()}.
 *
 * <p>Invariants (checked by {@link GraphBuilder#build()}): every node input is a graph input, a
 * constant or the output of an earlier node; every tensor is produced at most once; graph inputs
 * and outputs are activations; output shapes agree with {@link Shapes}; node names are unique.
 */
public final class Graph {
    private final String name;
    private final Map<String, Tensor> tensors;
    private final List<Node> nodes;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, Node> producers = new HashMap<>();
    private final Map<String, List<Node>> consumers = new HashMap<>();

    Graph(
            String name,
            Map<String, Tensor> tensors,
            List<Node> nodes,
            List<String> inputs,
            List<String> outputs) {
        this.name = name;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.nodes = List.copyOf(nodes);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        for (Node n : this.nodes) {
            producers.put(n.output(), n);
            for (String in : n.inputs()) {
                List<Node> c = consumers.computeIfAbsent(in, k -> new ArrayList<>());
                if (!c.contains(n)) {
                    c.add(n);
                }
            }
        }
    }

    /** A builder for a new graph. */
    public static GraphBuilder builder(String name) {
        return new GraphBuilder(name);
    }

    /** A builder pre-filled with this graph's tensors, nodes, inputs and outputs. */
    public GraphBuilder toBuilder() {
        GraphBuilder b = new GraphBuilder(name);
        tensors.values().forEach(b::tensor);
        nodes.forEach(b::node);
        inputs.forEach(b::input);
        outputs.forEach(b::output);
        return b;
    }

    /** Graph name (ONNX graph name, used in generated comments). */
    public String name() {
        return name;
    }

    /** Nodes in execution (topological) order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** Graph input tensor names. */
    public List<String> inputs() {
        return inputs;
    }

    /** Graph output tensor names. */
    public List<String> outputs() {
        return outputs;
    }

    /** All tensors by name, in insertion order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The tensor called {@code tensorName}; throws if there is none. */
    public Tensor tensor(String tensorName) {
        Tensor t = tensors.get(tensorName);
        if (t == null) {
            throw new IllegalArgumentException(
                    "graph '" + name + "' has no tensor '" + tensorName + "'");
        }
        return t;
    }

    /** The input tensors of a node, in order. */
    public List<Tensor> inputsOf(Node node) {
        List<Tensor> in = new ArrayList<>();
        for (String s : node.inputs()) {
            in.add(tensor(s));
        }
        return in;
    }

    /** The output tensor of a node. */
    public Tensor outputOf(Node node) {
        return tensor(node.output());
    }

    /** The node producing {@code tensorName}, empty for graph inputs and constants. */
    public Optional<Node> producer(String tensorName) {
        return Optional.ofNullable(producers.get(tensorName));
    }

    /** Nodes reading {@code tensorName}, in execution order (each once). */
    public List<Node> consumers(String tensorName) {
        return Collections.unmodifiableList(consumers.getOrDefault(tensorName, List.of()));
    }

    /** The node called {@code nodeName}; throws if there is none. */
    public Node node(String nodeName) {
        for (Node n : nodes) {
            if (n.name().equals(nodeName)) {
                return n;
            }
        }
        throw new IllegalArgumentException("graph '" + name + "' has no node '" + nodeName + "'");
    }

    /** Index of a node in {@link #nodes()}. */
    public int indexOf(Node node) {
        return nodes.indexOf(node);
    }

    /** Constant tensors (weights, biases) in insertion order. */
    public Collection<Tensor> constants() {
        return tensors.values().stream().filter(Tensor::isConstant).toList();
    }

    /** True when any activation or weight is int8 (a quantised graph). */
    public boolean isQuantized() {
        return tensors.values().stream().anyMatch(t -> t.dtype() == DType.INT8);
    }

    @Override
    public String toString() {
        StringBuilder sb =
                new StringBuilder("graph ")
                        .append(name)
                        .append(" inputs=")
                        .append(inputs)
                        .append(" outputs=")
                        .append(outputs)
                        .append('\n');
        for (Node n : nodes) {
            sb.append("  ")
                    .append(n.name())
                    .append(": ")
                    .append(n.op())
                    .append(' ')
                    .append(n.inputs())
                    .append(" -> ")
                    .append(tensor(n.output()))
                    .append('\n');
        }
        return sb.toString();
    }
}
