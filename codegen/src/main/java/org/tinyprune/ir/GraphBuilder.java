package org.tinyprune.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assembles a {@link Graph}. Add tensors and nodes in any order that keeps nodes topologically
 * sorted, name the inputs and outputs, then {@link #build()} checks every invariant.
 *
 * <p>{@link #node(Node, DType, Quantization)} infers the output shape with {@link Shapes} and
 * creates the output tensor, which is what a quantiser or a test usually wants.
 */
public final class GraphBuilder {
    private final String name;
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();

    GraphBuilder(String name) {
        this.name = name;
    }

    /** Adds or replaces a tensor. */
    public GraphBuilder tensor(Tensor t) {
        tensors.put(t.name(), t);
        return this;
    }

    /** Removes a tensor (e.g. a constant a pass folded away). */
    public GraphBuilder removeTensor(String tensorName) {
        tensors.remove(tensorName);
        return this;
    }

    /** Appends a node whose output tensor is (or will be) added with {@link #tensor(Tensor)}. */
    public GraphBuilder node(Node n) {
        nodes.add(n);
        return this;
    }

    /** Appends a node and creates its output tensor with the inferred shape. */
    public GraphBuilder node(Node n, DType dtype, Quantization quantization) {
        List<Tensor> in = new ArrayList<>();
        for (String s : n.inputs()) {
            in.add(require(s, n));
        }
        tensors.put(
                n.output(),
                Tensor.activation(n.output(), Shapes.infer(n, in), dtype, quantization));
        return node(n);
    }

    /** The nodes added so far (mutable view for graph passes). */
    public List<Node> nodes() {
        return nodes;
    }

    /** Looks up a tensor added so far, or null. */
    public Tensor find(String tensorName) {
        return tensors.get(tensorName);
    }

    /** Declares a graph input (an activation tensor added with {@link #tensor(Tensor)}). */
    public GraphBuilder input(String tensorName) {
        inputs.add(tensorName);
        return this;
    }

    /** Declares a graph output. */
    public GraphBuilder output(String tensorName) {
        outputs.add(tensorName);
        return this;
    }

    /** Replaces the graph outputs (a pass renaming an output tensor). */
    public GraphBuilder outputs(List<String> names) {
        outputs.clear();
        outputs.addAll(names);
        return this;
    }

    /**
     * Checks the invariants listed on {@link Graph} and drops tensors no node or output uses.
     *
     * @throws IllegalArgumentException naming the node or tensor that breaks one
     */
    public Graph build() {
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalArgumentException(
                    "graph '" + name + "' needs at least one input and one output");
        }
        Set<String> available = new HashSet<>();
        for (String in : inputs) {
            Tensor t = require(in, null);
            if (t.isConstant()) {
                throw new IllegalArgumentException(
                        "graph input '" + in + "' must not be a constant");
            }
            available.add(in);
        }
        Set<String> nodeNames = new HashSet<>();
        Set<String> used = new HashSet<>(outputs);
        used.addAll(inputs);
        for (Node n : nodes) {
            if (!nodeNames.add(n.name())) {
                throw new IllegalArgumentException(
                        "graph '" + name + "' has two nodes named '" + n.name() + "'");
            }
            List<Tensor> in = new ArrayList<>();
            for (String s : n.inputs()) {
                Tensor t = require(s, n);
                if (!t.isConstant() && !available.contains(s)) {
                    throw new IllegalArgumentException(
                            "node '"
                                    + n.name()
                                    + "' reads '"
                                    + s
                                    + "' before any node produces it (nodes must be in topological order)");
                }
                in.add(t);
                used.add(s);
            }
            Tensor out = require(n.output(), n);
            if (out.isConstant() || !available.add(n.output())) {
                throw new IllegalArgumentException(
                        "tensor '"
                                + n.output()
                                + "' of node '"
                                + n.name()
                                + "' is a constant or produced twice");
            }
            used.add(n.output());
            checkShape(n, in, out);
        }
        for (String o : outputs) {
            if (!available.contains(o)) {
                throw new IllegalArgumentException("graph output '" + o + "' is never produced");
            }
        }
        Map<String, Tensor> kept = new LinkedHashMap<>();
        tensors.forEach(
                (k, v) -> {
                    if (used.contains(k)) {
                        kept.put(k, v);
                    }
                });
        return new Graph(name, kept, nodes, inputs, outputs);
    }

    private void checkShape(Node n, List<Tensor> in, Tensor out) {
        if (n.op() == OpKind.RESHAPE) {
            if (in.get(0).elements() != out.elements()) {
                throw new IllegalArgumentException(
                        "node '"
                                + n.name()
                                + "' (RESHAPE): "
                                + in.get(0)
                                + " and "
                                + out
                                + " hold different element counts");
            }
            return;
        }
        int[] expect = Shapes.infer(n, in);
        if (!Arrays.equals(expect, out.shape())) {
            throw new IllegalArgumentException(
                    "node '"
                            + n.name()
                            + "' ("
                            + n.op()
                            + "): output '"
                            + out.name()
                            + "' has shape "
                            + Arrays.toString(out.shape())
                            + ", expected "
                            + Arrays.toString(expect));
        }
    }

    private Tensor require(String tensorName, Node user) {
        Tensor t = tensors.get(tensorName);
        if (t == null) {
            throw new IllegalArgumentException(
                    (user == null ? "graph '" + name + "'" : "node '" + user.name() + "'")
                            + " refers to unknown tensor '"
                            + tensorName
                            + "'");
        }
        return t;
    }
}
