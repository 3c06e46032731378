package org.tinyprune.onnx;

/**
 * The model cannot be turned into correct code: an unsupported operator, attribute, data type,
 * dynamic shape or pattern. The message names the node, its ONNX op and why, and, where there is
 * one, what to change. This is the only checked exception of model import, graph passes and code
 * emission; tinyprune never generates code for a model it would have to guess about.
 */
public final class UnsupportedModelException extends Exception {
    private final String node;

    /** An error about the whole model (file, opset, graph inputs). */
    public UnsupportedModelException(String message) {
        super(message);
        this.node = null;
    }

    /** An error about one node. */
    public UnsupportedModelException(String node, String op, String why) {
        super("node '" + node + "' (" + op + "): " + why);
        this.node = node;
    }

    /** An error caused by another exception. */
    public UnsupportedModelException(String message, Throwable cause) {
        super(message, cause);
        this.node = null;
    }

    /** The node the error is about, or null for model-level errors. */
    public String node() {
        return node;
    }
}
