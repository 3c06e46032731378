package org.tinyprune.nn;

import java.util.List;

/**
 * A named step of a {@link Graph}: a {@link Layer} and the names of the nodes feeding it, in order.
 *
 * @param name unique node name; params are addressed as {@code name.paramName}
 * @param layer the operation
 * @param inputs names of the input nodes (empty for an {@code Input} node)
 */
public record Node(String name, Layer layer, List<String> inputs) {
    /** Canonical constructor: copies the input list. */
    public Node {
        inputs = List.copyOf(inputs);
    }
}
