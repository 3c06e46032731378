package org.tinyprune.onnx.op;

import java.util.Set;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/** Turns one ONNX node into IR nodes. Implementations are stateless. */
public interface OpImporter {
    /** The ONNX op types (default domain) this importer handles. */
    Set<String> opTypes();

    /**
     * Parses the node's attributes, resolves its inputs and appends IR nodes to {@code ctx}.
     *
     * @param name the unique IR name chosen for this node
     */
    void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException;
}
