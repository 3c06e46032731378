package org.tinyprune.nn.onnx;

import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * Turns one ONNX node into graph nodes (or a constant, or nothing: Identity), reading its inputs
 * and defining its outputs through the {@link Translation}. Throws {@link Unsupported} with the
 * reason when the node cannot be imported as it is; the importer then lists it with every other
 * such node.
 */
@FunctionalInterface
interface OpTranslator {

    /** Translates {@code node}; every input has been defined. */
    void translate(NodeProto node, Translation t);
}
