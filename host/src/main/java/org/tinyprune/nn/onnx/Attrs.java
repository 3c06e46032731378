package org.tinyprune.nn.onnx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * Typed access to one node's attributes. Reading starts by naming every attribute the translator
 * understands: any other one is refused, so an attribute is never silently ignored.
 */
final class Attrs {
    private final Map<String, AttributeProto> byName = new HashMap<>();

    private Attrs() {}

    /**
     * The attributes of {@code node}.
     *
     * @throws Unsupported naming the first attribute outside {@code known}
     */
    static Attrs of(NodeProto node, String... known) {
        Set<String> k = Set.of(known);
        Attrs a = new Attrs();
        for (AttributeProto p : node.getAttributeList()) {
            if (!k.contains(p.getName())) {
                throw new Unsupported(
                        "attribute '"
                                + p.getName()
                                + "' is not supported"
                                + (known.length == 0
                                        ? " (this operator takes none)"
                                        : " (supported: " + String.join(", ", known) + ")"));
            }
            a.byName.put(p.getName(), p);
        }
        return a;
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    long integer(String name, long dflt) {
        AttributeProto p = byName.get(name);
        return p == null ? dflt : p.getI();
    }

    float real(String name, float dflt) {
        AttributeProto p = byName.get(name);
        return p == null ? dflt : p.getF();
    }

    String string(String name, String dflt) {
        AttributeProto p = byName.get(name);
        return p == null ? dflt : p.getS().toStringUtf8();
    }

    /** An integer-list attribute, or {@code dflt} when absent. */
    int[] ints(String name, int[] dflt) {
        AttributeProto p = byName.get(name);
        if (p == null) {
            return dflt;
        }
        List<Long> l = p.getIntsList();
        int[] v = new int[l.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.toIntExact(l.get(i));
        }
        return v;
    }

    /** The tensor attribute {@code name}, or null. */
    AttributeProto raw(String name) {
        return byName.get(name);
    }
}
