package org.tinyprune.onnx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * Typed access to an ONNX node's attributes. Construction fails on any attribute the importer did
 * not declare it understands, so an unknown attribute can never be silently ignored.
 */
public final class NodeAttributes {
    private final String node;
    private final String op;
    private final Map<String, AttributeProto> byName = new HashMap<>();

    private NodeAttributes(String node, String op) {
        this.node = node;
        this.op = op;
    }

    /**
     * Reads {@code proto}'s attributes, rejecting any name outside {@code known}.
     *
     * @param nodeName the IR node name (for messages)
     */
    public static NodeAttributes of(NodeProto proto, String nodeName, Set<String> known)
            throws UnsupportedModelException {
        NodeAttributes a = new NodeAttributes(nodeName, proto.getOpType());
        for (AttributeProto p : proto.getAttributeList()) {
            if (!known.contains(p.getName())) {
                throw new UnsupportedModelException(
                        nodeName,
                        proto.getOpType(),
                        "attribute '"
                                + p.getName()
                                + "' is not supported (supported: "
                                + known
                                + ")");
            }
            if (!p.getRefAttrName().isEmpty()) {
                throw a.fail(
                        "attribute '"
                                + p.getName()
                                + "' refers to a function attribute; not supported");
            }
            a.byName.put(p.getName(), p);
        }
        return a;
    }

    /** True when the attribute is present. */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** An integer attribute or its default. */
    public long integer(String name, long dflt) {
        AttributeProto p = byName.get(name);
        return p == null ? dflt : p.getI();
    }

    /** A float attribute or its default. */
    public float real(String name, float dflt) {
        AttributeProto p = byName.get(name);
        return p == null ? dflt : p.getF();
    }

    /** A string attribute or its default. */
    public String string(String name, String dflt) {
        AttributeProto p = byName.get(name);
        return p == null ? dflt : p.getS().toStringUtf8();
    }

    /** A tensor attribute, or null when absent. */
    public org.tinyprune.onnx.proto.Onnx.TensorProto tensor(String name) {
        AttributeProto p = byName.get(name);
        return p == null ? null : p.getT();
    }

    /** An integer-list attribute as ints, or null when absent. */
    public int[] ints(String name) throws UnsupportedModelException {
        AttributeProto p = byName.get(name);
        if (p == null) {
            return null;
        }
        List<Long> l = p.getIntsList();
        int[] v = new int[l.size()];
        for (int i = 0; i < v.length; i++) {
            long x = l.get(i);
            if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                throw fail("attribute '" + name + "' value " + x + " out of range");
            }
            v[i] = (int) x;
        }
        return v;
    }

    /** Fails unless the attribute is absent or equals {@code required}. */
    public void require(String name, long required, String why) throws UnsupportedModelException {
        if (has(name) && integer(name, required) != required) {
            throw fail(
                    "attribute "
                            + name
                            + "="
                            + integer(name, required)
                            + " is not supported: "
                            + why);
        }
    }

    /** An exception about this node. */
    public UnsupportedModelException fail(String why) {
        return new UnsupportedModelException(node, op, why);
    }
}
