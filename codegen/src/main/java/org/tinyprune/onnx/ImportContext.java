package org.tinyprune.onnx;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;

/**
 * What an {@link org.tinyprune.onnx.op.OpImporter} sees while one ONNX graph is imported: the IR
 * being built, ONNX initializers not yet turned into IR tensors (their type is only known from
 * their use), aliases for ops that vanish (Identity, Dropout), and node naming.
 */
public final class ImportContext {
    private final GraphBuilder graph;
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Set<String> nodeNames = new HashSet<>();
    private final Set<String> read = new HashSet<>();
    private final int opset;

    ImportContext(String graphName, int opset) {
        this.graph = Graph.builder(graphName);
        this.opset = opset;
    }

    /** Records that ONNX value {@code onnxName} is read by a node or is a graph output. */
    void markRead(String onnxName) {
        read.add(onnxName);
    }

    /** True when ONNX value {@code onnxName} is read by some node or is a graph output. */
    public boolean isRead(String onnxName) {
        return read.contains(onnxName);
    }

    /** The IR under construction. */
    public GraphBuilder graph() {
        return graph;
    }

    /** The default-domain opset version the model imports. */
    public int opset() {
        return opset;
    }

    void initializer(TensorProto t) {
        initializers.put(t.getName(), t);
    }

    /**
     * Registers a value computed at import (folded shape arithmetic) under its name, as if the
     * model held it as an initializer.
     */
    public void addConstant(TensorProto t) {
        initializers.put(t.getName(), t);
    }

    /**
     * A unique IR node name for an ONNX node: its own name, or {@code <OpType>_<n>} when empty or
     * taken.
     */
    public String nameOf(NodeProto node, int index) {
        return uniqueNodeName(
                node.getName().isEmpty() ? node.getOpType() + "_" + index : node.getName());
    }

    /** {@code base}, or {@code base_<n>} when a node already has that name. */
    public String uniqueNodeName(String base) {
        String name = base;
        for (int i = 1; !nodeNames.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** Makes {@code onnxName} refer to the IR tensor {@code target} (Identity, Dropout). */
    public void alias(String onnxName, String target) {
        aliases.put(onnxName, resolve(target));
    }

    /** The IR tensor name an ONNX value name stands for. */
    public String resolve(String onnxName) {
        String t = aliases.get(onnxName);
        return t == null ? onnxName : t;
    }

    /**
     * True when input {@code i} is present (ONNX marks absent optional inputs by an empty name).
     */
    public static boolean hasInput(NodeProto node, int i) {
        return i < node.getInputCount() && !node.getInput(i).isEmpty();
    }

    /** The raw ONNX initializer for input {@code i}, or null when the input is computed. */
    public TensorProto initializer(NodeProto node, int i) {
        return hasInput(node, i) ? initializers.get(resolve(node.getInput(i))) : null;
    }

    /**
     * The IR tensor for input {@code i}. A float initializer becomes an IR constant on first use;
     * an int8/int32 initializer can only be used through DequantizeLinear.
     */
    public Tensor input(NodeProto node, String nodeName, int i) throws UnsupportedModelException {
        if (!hasInput(node, i)) {
            throw new UnsupportedModelException(
                    nodeName, node.getOpType(), "input " + i + " is missing");
        }
        String name = resolve(node.getInput(i));
        Tensor t = graph.find(name);
        if (t != null) {
            return t;
        }
        TensorProto init = initializers.get(name);
        if (init == null) {
            throw new UnsupportedModelException(
                    nodeName,
                    node.getOpType(),
                    "input '"
                            + name
                            + "' is neither a graph input, an initializer nor the output of an earlier node");
        }
        if (InitializerValues.type(init) != TensorProto.DataType.FLOAT) {
            throw new UnsupportedModelException(
                    nodeName,
                    node.getOpType(),
                    "initializer '"
                            + name
                            + "' is "
                            + InitializerValues.type(init)
                            + "; only FLOAT initializers may be used directly (int8/int32 ones "
                            + "through DequantizeLinear)");
        }
        t = Tensor.constant(name, InitializerValues.shape(init), InitializerValues.floats(init));
        graph.tensor(t);
        return t;
    }

    /**
     * True when IR tensor {@code t} is known at compile time: a constant, or the DequantizeLinear
     * of a constant (quantised weights and biases).
     */
    public boolean isStatic(Tensor t) {
        if (t.isConstant()) {
            return true;
        }
        for (Node n : graph.nodes()) {
            if (n.output().equals(t.name())) {
                return n.op() == OpKind.DEQUANTIZE && graph.find(n.input(0)).isConstant();
            }
        }
        return false;
    }

    /** The DEQUANTIZE node producing {@code t}, or null. */
    public Node dequantizeOf(Tensor t) {
        for (Node n : graph.nodes()) {
            if (n.output().equals(t.name())) {
                return n.op() == OpKind.DEQUANTIZE ? n : null;
            }
        }
        return null;
    }

    /** A fresh tensor name derived from {@code base}. */
    public String fresh(String base) {
        String name = base;
        for (int i = 1; graph.find(name) != null || initializers.containsKey(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /**
     * Appends an IR node. Ops that move values without arithmetic ({@link
     * OpKind#keepsQuantization}) keep their first input's dtype and quantisation; all others
     * produce float (in QDQ graphs they sit between DequantizeLinear and QuantizeLinear).
     */
    public void add(NodeProto proto, Node node) throws UnsupportedModelException {
        Tensor first = graph.find(node.input(0));
        boolean passThrough = node.op().keepsQuantization();
        DType dtype = passThrough ? first.dtype() : DType.FLOAT32;
        Quantization q = passThrough ? first.quantization() : null;
        if (!passThrough && first.dtype() != DType.FLOAT32) {
            throw new UnsupportedModelException(
                    node.name(),
                    proto.getOpType(),
                    "input '"
                            + first.name()
                            + "' is "
                            + first.dtype()
                            + "; quantised inputs must pass through DequantizeLinear (QDQ form)");
        }
        try {
            graph.node(node, dtype, q);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException(node.name(), proto.getOpType(), e.getMessage());
        }
    }

    /** Appends a RESHAPE node with an explicit output shape. */
    public void addReshape(NodeProto proto, String name, String input, String output, int[] shape)
            throws UnsupportedModelException {
        Tensor in = graph.find(input);
        if (Tensor.elementCount(shape) != in.elements()) {
            throw new UnsupportedModelException(
                    name,
                    proto.getOpType(),
                    "target shape "
                            + java.util.Arrays.toString(shape)
                            + " holds a different number of elements than input "
                            + in);
        }
        graph.tensor(Tensor.activation(output, shape, in.dtype(), in.quantization()));
        graph.node(
                new Node(
                        name,
                        OpKind.RESHAPE,
                        java.util.List.of(input),
                        output,
                        Attributes.DEFAULT));
    }
}
