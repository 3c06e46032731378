package org.tinyprune.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.GraphProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.OperatorSetIdProto;
import org.tinyprune.onnx.proto.Onnx.StringStringEntryProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.ValueInfoProto;

/**
 * Assembles an ONNX model: graph inputs, initializers, nodes in topological order, outputs and
 * model metadata. {@link #build()} checks the graph is well formed (opset, unique names, every node
 * input defined before use, every output produced) and names the offending node or value.
 *
 * <p>Life cycle: create, add inputs and initializers, add nodes in execution order, add outputs,
 * then {@code build()} once.
 */
public final class OnnxModelBuilder {

    /** The lowest default-domain opset we emit (Clip takes min/max as inputs from 11 on). */
    public static final int MIN_OPSET = 13;

    /** IR version written to {@code ir_version}; IR 8 covers opsets 13 to 17. */
    public static final long IR_VERSION = 8;

    private final String graphName;
    private int opset = MIN_OPSET;
    private String producerName = "tinyprune";
    private String producerVersion = "";
    private String docString = "";
    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final List<ValueInfoProto> outputs = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final List<NodeProto> nodes = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Starts a model whose graph is called {@code graphName}. */
    public OnnxModelBuilder(String graphName) {
        this.graphName = graphName;
    }

    /** Sets the default-domain opset version (at least {@value #MIN_OPSET}). */
    public OnnxModelBuilder opset(int version) {
        if (version < MIN_OPSET) {
            throw new IllegalArgumentException(
                    "opset "
                            + version
                            + " is too old: tinyprune emits opset "
                            + MIN_OPSET
                            + " or later");
        }
        this.opset = version;
        return this;
    }

    /** Sets {@code producer_name} and {@code producer_version}. */
    public OnnxModelBuilder producer(String name, String version) {
        this.producerName = name;
        this.producerVersion = version;
        return this;
    }

    /** Sets the model's human-readable {@code doc_string}. */
    public OnnxModelBuilder doc(String text) {
        this.docString = text;
        return this;
    }

    /** Declares a graph input. */
    public OnnxModelBuilder input(ValueInfoProto value) {
        inputs.add(value);
        return this;
    }

    /** Declares a graph output; it must be produced by a node or be an input. */
    public OnnxModelBuilder output(ValueInfoProto value) {
        outputs.add(value);
        return this;
    }

    /** Adds a constant tensor; its name is how nodes refer to it. */
    public OnnxModelBuilder initializer(TensorProto tensor) {
        initializers.add(tensor);
        return this;
    }

    /** Appends a node; nodes must be added in an order where inputs are defined before use. */
    public OnnxModelBuilder node(NodeProto node) {
        nodes.add(node);
        return this;
    }

    /** Appends a default-domain node built from its parts. */
    public OnnxModelBuilder node(
            String opType,
            String name,
            List<String> in,
            List<String> out,
            AttributeProto... attributes) {
        return node(
                NodeProto.newBuilder()
                        .setOpType(opType)
                        .setName(name)
                        .addAllInput(in)
                        .addAllOutput(out)
                        .addAllAttribute(List.of(attributes))
                        .build());
    }

    /** Adds one {@code metadata_props} entry; keys must be distinct. */
    public OnnxModelBuilder metadata(String key, String value) {
        if (metadata.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException(
                    "metadata key '" + key + "' is set twice; keys must be" + " distinct");
        }
        return this;
    }

    /** Adds every entry of {@code entries} as {@code metadata_props}. */
    public OnnxModelBuilder metadata(List<StringStringEntryProto> entries) {
        for (StringStringEntryProto e : entries) {
            metadata(e.getKey(), e.getValue());
        }
        return this;
    }

    /**
     * Checks the graph and returns the model.
     *
     * @throws IllegalStateException naming the node or value that is wrong
     */
    public ModelProto build() {
        validate();
        GraphProto graph =
                GraphProto.newBuilder()
                        .setName(graphName)
                        .addAllInput(inputs)
                        .addAllInitializer(initializers)
                        .addAllNode(nodes)
                        .addAllOutput(outputs)
                        .build();
        ModelProto.Builder model =
                ModelProto.newBuilder()
                        .setIrVersion(IR_VERSION)
                        .addOpsetImport(
                                OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                        .setProducerName(producerName)
                        .setProducerVersion(producerVersion)
                        .setGraph(graph);
        if (!docString.isEmpty()) {
            model.setDocString(docString);
        }
        metadata.forEach(
                (k, v) ->
                        model.addMetadataProps(
                                StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    private void validate() {
        Set<String> defined = new HashSet<>();
        for (ValueInfoProto in : inputs) {
            define(defined, in.getName(), "graph input");
        }
        for (TensorProto t : initializers) {
            define(defined, t.getName(), "initializer");
        }
        Set<String> nodeNames = new HashSet<>();
        for (NodeProto n : nodes) {
            if (!n.getName().isEmpty() && !nodeNames.add(n.getName())) {
                throw new IllegalStateException(
                        "graph '"
                                + graphName
                                + "': two nodes are named '"
                                + n.getName()
                                + "'; node names must be unique");
            }
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !defined.contains(in)) {
                    throw new IllegalStateException(
                            "node '"
                                    + n.getName()
                                    + "' ("
                                    + n.getOpType()
                                    + ") reads '"
                                    + in
                                    + "', which no input, initializer or earlier node defines;"
                                    + " add nodes in topological order");
                }
            }
            for (String out : n.getOutputList()) {
                define(defined, out, "output of node '" + n.getName() + "'");
            }
        }
        if (outputs.isEmpty()) {
            throw new IllegalStateException("graph '" + graphName + "' declares no output");
        }
        for (ValueInfoProto out : outputs) {
            if (!defined.contains(out.getName())) {
                throw new IllegalStateException(
                        "graph output '"
                                + out.getName()
                                + "' is not produced by any node of graph '"
                                + graphName
                                + "'");
            }
        }
    }

    private void define(Set<String> defined, String name, String what) {
        if (name.isEmpty()) {
            throw new IllegalStateException(
                    "graph '" + graphName + "': a " + what + " has no name");
        }
        if (!defined.add(name)) {
            throw new IllegalStateException(
                    "graph '"
                            + graphName
                            + "': value '"
                            + name
                            + "' is defined twice (again as "
                            + what
                            + "); every value needs a unique name");
        }
    }
}
