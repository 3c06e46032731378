package org.tinyprune.pass;

import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * One graph rewrite. Implementations are stateless and return a new graph (or the same one
 * unchanged).
 */
public interface GraphPass {
    /** Short name for logs. */
    String name();

    /**
     * Rewrites {@code graph}.
     *
     * @throws UnsupportedModelException when the pattern it must rewrite cannot be rewritten
     *     exactly
     */
    Graph apply(Graph graph) throws UnsupportedModelException;
}
