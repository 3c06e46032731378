package org.tinyprune.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.OnnxForm;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.onnx.OnnxModelBuilder;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.OnnxValueInfos;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;
import org.tinyprune.onnx.proto.Onnx.ValueInfoProto;

/**
 * State shared by the {@link LayerEmitter}s while one graph is exported: the model being assembled,
 * which ONNX value holds each graph node's output, which BatchNorms are folded into which
 * convolutions, and constants shared between nodes.
 *
 * <p>ONNX names trace back to ours: a node's ONNX node and output value are named like the node,
 * its initializers {@code <node>.<param>}.
 */
public final class ExportContext {
    private final Graph graph;
    private final ExportOptions options;
    private final OnnxModelBuilder model;
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, BatchNorm2d> foldInto = new HashMap<>();
    private final Set<String> folded = new HashSet<>();
    private final Set<String> constants = new HashSet<>();
    private final List<ValueInfoProto> valueInfos = new ArrayList<>();

    ExportContext(Graph graph, ExportOptions options, OnnxModelBuilder model) {
        this.graph = graph;
        this.options = options;
        this.model = model;
    }

    /** The graph being exported. */
    public Graph graph() {
        return graph;
    }

    /** The export options. */
    public ExportOptions options() {
        return options;
    }

    /** The ONNX value holding the output of graph node {@code nodeName}. */
    public String value(String nodeName) {
        String v = values.get(nodeName);
        if (v == null) {
            throw new IllegalStateException(
                    "node '"
                            + nodeName
                            + "' has not been exported yet;"
                            + " the graph's nodes must be in topological order");
        }
        return v;
    }

    /** ONNX values of a node's inputs, in order. */
    public List<String> inputValues(Node node) {
        List<String> in = new ArrayList<>();
        for (String name : node.inputs()) {
            in.add(value(name));
        }
        return in;
    }

    /** Records that graph node {@code nodeName}'s output is ONNX value {@code valueName}. */
    public void alias(String nodeName, String valueName) {
        values.put(nodeName, valueName);
    }

    /**
     * Adds one ONNX node named like {@code node}, writing a value of the same name, and records a
     * value_info with the node's output shape.
     */
    public void emit(String opType, Node node, List<String> inputs, AttributeProto... attributes) {
        emitAs(opType, node.name(), node.name(), inputs, attributes);
        alias(node.name(), node.name());
        valueInfos.add(valueInfo(node.name(), graph.shape(node.name())));
    }

    /** Adds one ONNX node with explicit node and output names (helper steps of one layer). */
    public void emitAs(
            String opType,
            String nodeName,
            String output,
            List<String> inputs,
            AttributeProto... attributes) {
        model.node(
                NodeProto.newBuilder()
                        .setOpType(opType)
                        .setName(nodeName)
                        .addAllInput(inputs)
                        .addOutput(output)
                        .addAllAttribute(List.of(attributes))
                        .build());
    }

    /** Adds a param as a float initializer named {@code <node>.<param>}; returns that name. */
    public String initializer(Node node, Param p) {
        return initializer(node.name() + "." + p.name(), p.shape(), p.values());
    }

    /** Adds a float initializer; returns its name. */
    public String initializer(String name, int[] shape, float[] values) {
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        model.initializer(OnnxTensors.floats(name, dims, values));
        return name;
    }

    /**
     * Adds a layer's {@link OnnxForm.Constant} as an initializer named {@code name}; returns the
     * name.
     */
    public String constant(String name, OnnxForm.Constant c) {
        long[] dims = new long[c.shape().length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = c.shape()[i];
        }
        model.initializer(
                c.ints() != null
                        ? OnnxTensors.int64s(name, dims, c.ints())
                        : OnnxTensors.floats(name, dims, c.floats()));
        return name;
    }

    /** A float scalar constant shared by every node that needs it (added once). */
    public String scalar(String name, float value) {
        if (constants.add(name)) {
            model.initializer(OnnxTensors.scalar(name, value));
        }
        return name;
    }

    /** A float value_info for {@code name}: the batch dimension, then a per-sample shape. */
    public ValueInfoProto valueInfo(String name, int[] perSample) {
        long[] rest = new long[perSample.length];
        for (int i = 0; i < rest.length; i++) {
            rest[i] = perSample[i];
        }
        if (options.batchSize() == 0) {
            return OnnxValueInfos.batched(name, DataType.FLOAT, ExportOptions.BATCH_PARAM, rest);
        }
        long[] dims = new long[rest.length + 1];
        dims[0] = options.batchSize();
        System.arraycopy(rest, 0, dims, 1, rest.length);
        return OnnxValueInfos.tensor(name, DataType.FLOAT, dims);
    }

    /** Marks BatchNorm node {@code bnNode} as folded into convolution node {@code convNode}. */
    void planFold(String convNode, String bnNode, BatchNorm2d bn) {
        foldInto.put(convNode, bn);
        folded.add(bnNode);
    }

    /** The BatchNorm to fold into convolution {@code convNode}, or null. */
    public BatchNorm2d foldedBatchNorm(String convNode) {
        return foldInto.get(convNode);
    }

    /** Whether BatchNorm node {@code bnNode} was folded into the convolution before it. */
    public boolean isFolded(String bnNode) {
        return folded.contains(bnNode);
    }

    /** Value infos of intermediate values collected so far. */
    List<ValueInfoProto> valueInfos() {
        return valueInfos;
    }
}
