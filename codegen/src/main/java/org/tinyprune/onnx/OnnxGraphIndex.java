package org.tinyprune.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.GraphProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.ValueInfoProto;

/**
 * Look-ups over an ONNX graph for rewrites before import: the constant behind a value name
 * (initializer or Constant node), each value's producer and consumers, and fresh names for the
 * values and initializers a rewrite adds.
 */
final class OnnxGraphIndex {
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Map<String, TensorProto.DataType> inputTypes = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final Set<String> taken = new HashSet<>();
    private final List<TensorProto> added = new ArrayList<>();

    OnnxGraphIndex(GraphProto g) {
        for (TensorProto t : g.getInitializerList()) {
            constants.put(t.getName(), t);
            taken.add(t.getName());
        }
        for (ValueInfoProto v : g.getInputList()) {
            taken.add(v.getName());
            if (!constants.containsKey(v.getName()) && v.getType().hasTensorType()) {
                TensorProto.DataType t =
                        TensorProto.DataType.forNumber(v.getType().getTensorType().getElemType());
                inputTypes.put(v.getName(), t == null ? TensorProto.DataType.UNDEFINED : t);
            }
        }
        for (NodeProto n : g.getNodeList()) {
            taken.add(n.getName());
            for (String out : n.getOutputList()) {
                producers.put(out, n);
                taken.add(out);
            }
            for (String in : n.getInputList()) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
            if (n.getOpType().equals("Constant")
                    && n.getAttributeCount() == 1
                    && n.getAttribute(0).getName().equals("value")) {
                AttributeProto a = n.getAttribute(0);
                constants.put(n.getOutput(0), a.getT().toBuilder().setName(n.getOutput(0)).build());
            }
        }
        for (ValueInfoProto v : g.getOutputList()) {
            graphOutputs.add(v.getName());
        }
    }

    /** The constant value called {@code name}, or null when it is computed or a graph input. */
    TensorProto constant(String name) {
        return name.isEmpty() ? null : constants.get(name);
    }

    /** The node producing {@code name}, or null for graph inputs and initializers. */
    NodeProto producer(String name) {
        return producers.get(name);
    }

    /** The nodes reading {@code name}. */
    List<NodeProto> consumers(String name) {
        return consumers.getOrDefault(name, List.of());
    }

    /**
     * The element type of graph input {@code name}, or null when it is not a (tensor) graph input.
     */
    TensorProto.DataType inputType(String name) {
        return inputTypes.get(name);
    }

    /** True when {@code name} is a graph output. */
    boolean isGraphOutput(String name) {
        return graphOutputs.contains(name);
    }

    /** A value, node or initializer name not used in the graph yet (and reserved from now on). */
    String fresh(String base) {
        String name = base;
        for (int i = 1; !taken.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** Adds an initializer under a fresh name derived from {@code base}; returns the name. */
    String addConstant(String base, TensorProto t) {
        String name = fresh(base);
        TensorProto named = t.toBuilder().setName(name).build();
        constants.put(name, named);
        added.add(named);
        return name;
    }

    /** The initializers added by {@link #addConstant}. */
    List<TensorProto> added() {
        return added;
    }
}
