package org.tinyprune.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.nn.layer.Add;
import org.tinyprune.nn.layer.AvgPool2d;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.nn.layer.Concat;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.nn.layer.Dropout;
import org.tinyprune.nn.layer.Flatten;
import org.tinyprune.nn.layer.GlobalAvgPool;
import org.tinyprune.nn.layer.Input;
import org.tinyprune.nn.layer.MaxPool2d;
import org.tinyprune.nn.layer.ReLU;
import org.tinyprune.nn.layer.ReLU6;

/**
 * Builds a {@link Graph} one named node at a time. Every method adds a node fed by the
 * <em>current</em> node (the last one added, or the one chosen with {@link #from}) unless inputs
 * are named explicitly, and infers input channels from shapes, so a model reads top to bottom:
 *
 * <pre>{@code
 * GraphBuilder b = Graph.builder("tiny").input("input", 1, 28, 28);
 * b.conv("conv1", 16, 3, 1, 1).batchNorm("bn1").relu("relu1").maxPool("pool1", 2, 2, 0);
 * String skip = b.current();
 * b.conv("conv2", 16, 3, 1, 1).batchNorm("bn2").add("add1", skip, b.current()).relu("relu2");
 * Graph g = b.globalAvgPool("gap").flatten("flat").dense("fc", 10).build();
 * }</pre>
 */
public final class GraphBuilder {
    private final String name;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, int[]> shapes = new HashMap<>();
    private final List<String> inputs = new ArrayList<>();
    private String current;
    private String output;

    GraphBuilder(String name) {
        this.name = name;
    }

    /** Adds an input node with the per-sample shape, e.g. {@code (1, 28, 28)}. */
    public GraphBuilder input(String nodeName, int... shape) {
        inputs.add(nodeName);
        return layer(nodeName, new Input(shape));
    }

    /** Adds any layer, fed by {@code inputNames} (or by the current node if none are given). */
    public GraphBuilder layer(String nodeName, Layer layer, String... inputNames) {
        if (shapes.containsKey(nodeName)) {
            throw new IllegalArgumentException(
                    "graph "
                            + name
                            + " already has a node '"
                            + nodeName
                            + "'; node names must be unique");
        }
        List<String> in = new ArrayList<>(List.of(inputNames));
        if (in.isEmpty() && !(layer instanceof Input)) {
            if (current == null) {
                throw new IllegalArgumentException(
                        "node '" + nodeName + "' has no input; add an input node first");
            }
            in.add(current);
        }
        List<int[]> inShapes = new ArrayList<>();
        for (String s : in) {
            int[] shape = shapes.get(s);
            if (shape == null) {
                throw new IllegalArgumentException(
                        "node '" + nodeName + "' reads unknown node '" + s + "'");
            }
            inShapes.add(shape);
        }
        try {
            shapes.put(nodeName, layer.outputShape(inShapes));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node '" + nodeName + "': " + e.getMessage(), e);
        }
        nodes.add(new Node(nodeName, layer, in));
        current = nodeName;
        return this;
    }

    /** Makes {@code nodeName} the current node (the default input of the next node). */
    public GraphBuilder from(String nodeName) {
        if (!shapes.containsKey(nodeName)) {
            throw new IllegalArgumentException(
                    "graph " + name + " has no node '" + nodeName + "' yet");
        }
        current = nodeName;
        return this;
    }

    /** Name of the current node. */
    public String current() {
        return current;
    }

    /** Per-sample shape of a node added so far. */
    public int[] shape(String nodeName) {
        return shapes.get(nodeName).clone();
    }

    /** Channels (dimension 0 of the per-sample shape) of the current node. */
    public int channels() {
        return shapes.get(current)[0];
    }

    /** Convolution with bias off (it is usually followed by BatchNorm), groups 1. */
    public GraphBuilder conv(
            String nodeName, int outChannels, int kernel, int stride, int padding) {
        return layer(
                nodeName, new Conv2d(channels(), outChannels, kernel, stride, padding, 1, false));
    }

    /** Convolution with every option. */
    public GraphBuilder conv(
            String nodeName,
            int outChannels,
            int kernel,
            int stride,
            int padding,
            int groups,
            boolean bias) {
        return layer(
                nodeName,
                new Conv2d(channels(), outChannels, kernel, stride, padding, groups, bias));
    }

    /** Depthwise convolution (groups = channels), bias off. */
    public GraphBuilder depthwise(String nodeName, int kernel, int stride, int padding) {
        int c = channels();
        return layer(nodeName, new Conv2d(c, c, kernel, stride, padding, c, false));
    }

    /** 1×1 convolution, bias off. */
    public GraphBuilder pointwise(String nodeName, int outChannels) {
        return conv(nodeName, outChannels, 1, 1, 0);
    }

    /** Fully connected layer with bias; its input must be flat. */
    public GraphBuilder dense(String nodeName, int outFeatures) {
        int[] s = shapes.get(current);
        if (s.length != 1) {
            throw new IllegalArgumentException(
                    "node '"
                            + nodeName
                            + "': Dense needs a flat input but '"
                            + current
                            + "' has shape "
                            + Shapes.str(s)
                            + "; add flatten() first");
        }
        return layer(nodeName, new Dense(s[0], outFeatures));
    }

    /** BatchNorm over the current node's channels (eps 1e-5, momentum 0.1). */
    public GraphBuilder batchNorm(String nodeName) {
        return layer(nodeName, new BatchNorm2d(channels()));
    }

    /** ReLU. */
    public GraphBuilder relu(String nodeName) {
        return layer(nodeName, new ReLU());
    }

    /** ReLU6 (min(max(x, 0), 6)). */
    public GraphBuilder relu6(String nodeName) {
        return layer(nodeName, new ReLU6());
    }

    /** Max pooling with a square window. */
    public GraphBuilder maxPool(String nodeName, int kernel, int stride, int padding) {
        return layer(nodeName, new MaxPool2d(kernel, stride, padding));
    }

    /** Average pooling with a square window (padding excluded from the count). */
    public GraphBuilder avgPool(String nodeName, int kernel, int stride, int padding) {
        return layer(nodeName, new AvgPool2d(kernel, stride, padding));
    }

    /** Global average pooling to C×1×1. */
    public GraphBuilder globalAvgPool(String nodeName) {
        return layer(nodeName, new GlobalAvgPool());
    }

    /** Flatten to one feature dimension. */
    public GraphBuilder flatten(String nodeName) {
        return layer(nodeName, new Flatten());
    }

    /** Dropout with drop probability {@code p}. */
    public GraphBuilder dropout(String nodeName, float p) {
        return layer(nodeName, new Dropout(p));
    }

    /** Element-wise sum of two or more nodes of equal shape. */
    public GraphBuilder add(String nodeName, String... inputNames) {
        return layer(nodeName, new Add(), inputNames);
    }

    /** Concatenation along the channel axis. */
    public GraphBuilder concat(String nodeName, String... inputNames) {
        return layer(nodeName, new Concat(), inputNames);
    }

    /** Declares the output node (default: the last node added). */
    public GraphBuilder output(String nodeName) {
        from(nodeName);
        output = nodeName;
        return this;
    }

    /** The finished graph. */
    public Graph build() {
        if (inputs.isEmpty()) {
            throw new IllegalStateException("graph " + name + " has no input node");
        }
        return new Graph(
                name, nodes, inputs, output != null ? output : nodes.get(nodes.size() - 1).name());
    }
}
