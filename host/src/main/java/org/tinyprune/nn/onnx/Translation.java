package org.tinyprune.nn.onnx;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Shapes;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * The state of one import: what each ONNX tensor has become so far (a graph node, a constant, or a
 * 5-D step of a channel shuffle not yet complete), the graph being built, and how many nodes read
 * each tensor. Translators read their inputs and define their outputs through it.
 *
 * <p>Activations are tracked per sample (our graphs have no batch dimension); where ONNX asks for a
 * full shape (Shape, Reshape targets) the batch counts as 1.
 */
final class Translation {

    /** What an ONNX tensor has become. */
    sealed interface Value permits Activation, Constant, Shuffle, Padded {}

    /** The output of graph node {@code node}. */
    record Activation(String node) implements Value {}

    /** A value known at import time. */
    record Constant(ConstTensor tensor) implements Value {}

    /**
     * Graph node {@code node} (C×H×W) seen as N×groups×(C/groups)×H×W, after the channel shuffle's
     * first Reshape ({@code transposed} false) or its Transpose (true).
     */
    record Shuffle(String node, int groups, boolean transposed) implements Value {}

    /**
     * Graph node {@code node} zero-padded by a Pad node: kept pending so that a Conv (or pool) that
     * reads it can take the pads into its own; any other reader gets a padding layer.
     */
    record Padded(String node, int top, int left, int bottom, int right) implements Value {}

    private final GraphBuilder builder;
    private final int opset;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, Integer> readers = new HashMap<>();
    private final Set<String> graphOutputs;
    private final Set<String> names = new HashSet<>();
    private final Map<String, Layer> layers = new HashMap<>();
    private boolean outputSoftmax;

    Translation(GraphBuilder builder, int opset, List<NodeProto> nodes, Set<String> graphOutputs) {
        this.builder = builder;
        this.opset = opset;
        this.graphOutputs = Set.copyOf(graphOutputs);
        for (NodeProto n : nodes) {
            for (String in : n.getInputList()) {
                readers.merge(in, 1, Integer::sum);
            }
        }
    }

    /** The default-domain opset of the model. */
    int opset() {
        return opset;
    }

    /** The value of tensor {@code name}, or null if nothing defined it. */
    Value value(String name) {
        return values.get(name);
    }

    /** True if tensor {@code name} is known at import time. */
    boolean isConstant(String name) {
        return values.get(name) instanceof Constant;
    }

    /** Number of nodes reading tensor {@code name}, plus one if it is a graph output. */
    int readers(String name) {
        return readers.getOrDefault(name, 0) + (graphOutputs.contains(name) ? 1 : 0);
    }

    /** True if tensor {@code name} is a graph output. */
    boolean isGraphOutput(String name) {
        return graphOutputs.contains(name);
    }

    /** Input {@code i} of {@code node} as a graph node name. */
    String activation(NodeProto node, int i) {
        String name = input(node, i);
        Value v = values.get(name);
        if (v instanceof Activation a) {
            return a.node();
        }
        if (v instanceof Padded p) {
            String padded =
                    helper(
                            name,
                            new org.tinyprune.nn.layer.ZeroPad2d(
                                    p.top(), p.left(), p.bottom(), p.right()),
                            p.node());
            values.put(name, new Activation(padded));
            return padded;
        }
        if (v instanceof Shuffle) {
            throw new Unsupported(
                    "input '"
                            + name
                            + "' is a 5-D tensor; 5-D tensors are supported only inside a channel"
                            + " shuffle Reshape(N,g,C/g,H,W) → Transpose(0,2,1,3,4) → Reshape(N,C,H,W)");
        }
        throw new Unsupported(
                "input '"
                        + name
                        + "' is a constant; this operator needs it to be computed from the"
                        + " graph input");
    }

    /** Input {@code i} of {@code node} as a constant. */
    ConstTensor constant(NodeProto node, int i) {
        String name = input(node, i);
        Value v = values.get(name);
        if (v instanceof Constant c) {
            return c.tensor();
        }
        throw new Unsupported(
                "input "
                        + i
                        + " '"
                        + name
                        + "' must be a constant (an initializer or folded from"
                        + " constants), but it is computed from the graph input");
    }

    /** Input {@code i} of {@code node} as a constant, or null when the optional input is absent. */
    ConstTensor optionalConstant(NodeProto node, int i) {
        return i < node.getInputCount() && !node.getInput(i).isEmpty() ? constant(node, i) : null;
    }

    private static String input(NodeProto node, int i) {
        if (i >= node.getInputCount() || node.getInput(i).isEmpty()) {
            throw new Unsupported(
                    "needs input " + i + " but has " + node.getInputCount() + " input(s)");
        }
        return node.getInput(i);
    }

    /** Per-sample shape of graph node {@code graphNode}. */
    int[] shape(String graphNode) {
        return builder.shape(graphNode);
    }

    /**
     * Full shape (batch 1 first) of graph node {@code graphNode}, as ONNX's Shape would give it.
     */
    int[] fullShape(String graphNode) {
        return Shapes.batched(1, builder.shape(graphNode));
    }

    /** Defines tensor {@code name}. */
    void define(String name, Value v) {
        values.put(name, v);
    }

    /** Defines tensor {@code name} as the same value as tensor {@code from} (Identity, Dropout). */
    void alias(String name, String from) {
        values.put(name, values.get(from));
    }

    /**
     * Adds a graph node computing {@code layer} from graph nodes {@code inputs} and defines ONNX
     * tensor {@code output} as its result; the node is named like the tensor.
     *
     * @throws Unsupported if the layer does not fit its inputs' shapes
     * @return the graph node's name
     */
    String add(String output, Layer layer, String... inputs) {
        String node = helper(output, layer, inputs);
        values.put(output, new Activation(node));
        return node;
    }

    /**
     * Adds a graph node that is one step of a larger translation (e.g. the padding before a
     * convolution), named after {@code base} and unique; defines no ONNX tensor.
     */
    String helper(String base, Layer layer, String... inputs) {
        String node = base;
        for (int k = 1; names.contains(node); k++) {
            node = base + "_" + k;
        }
        try {
            builder.layer(node, layer, inputs);
        } catch (IllegalArgumentException e) {
            throw new Unsupported(e.getMessage());
        }
        names.add(node);
        layers.put(node, layer);
        return node;
    }

    /** The layer of graph node {@code node} added by this import, or null. */
    Layer layer(String node) {
        return layers.get(node);
    }

    /** Reserves a graph node name (the graph input). */
    void reserve(String node) {
        names.add(node);
    }

    /** Records that the graph's final Softmax was dropped (export puts it back). */
    void dropOutputSoftmax() {
        outputSoftmax = true;
    }

    /** Whether the final Softmax was dropped. */
    boolean outputSoftmax() {
        return outputSoftmax;
    }
}
