package org.tinyprune.export;

import org.tinyprune.nn.Node;

/**
 * Writes the ONNX nodes and initializers for one {@link Node} of a graph. Implementations read the
 * layer's configuration and params, and publish the ONNX value that holds the node's output
 * (normally a value named like the node) through the {@link ExportContext}.
 */
@FunctionalInterface
public interface LayerEmitter {

    /** Emits {@code node}; its inputs have already been emitted. */
    void emit(ExportContext ctx, Node node);
}
