package org.tinyprune.onnx;

import java.util.List;

/**
 * The model cannot be turned into correct code: an unsupported operator, attribute, data type,
 * dynamic shape or pattern. The message names the node, its ONNX op and why, and, where there is
 * one, what to change. This is the only checked exception of model import, graph passes and code
 * emission; tinyprune never generates code for a model it would have to guess about.
 *
 * <p>Import checks every node before it fails, so one exception may carry several {@link
 * #problems()}, each about one node; its message lists them all.
 */
public final class UnsupportedModelException extends Exception {
    private final String node;
    private final String op;
    private final String why;
    private final List<UnsupportedModelException> problems;

    /** An error about the whole model (file, opset, graph inputs). */
    public UnsupportedModelException(String message) {
        super(message);
        this.node = null;
        this.op = null;
        this.why = message;
        this.problems = List.of();
    }

    /** An error about one node. */
    public UnsupportedModelException(String node, String op, String why) {
        super("node '" + node + "' (" + op + "): " + why);
        this.node = node;
        this.op = op;
        this.why = why;
        this.problems = List.of();
    }

    /** An error caused by another exception. */
    public UnsupportedModelException(String message, Throwable cause) {
        super(message, cause);
        this.node = null;
        this.op = null;
        this.why = message;
        this.problems = cause instanceof UnsupportedModelException u ? u.problems : List.of();
    }

    /**
     * Several problems found in one pass over the model, listed one per line.
     *
     * @param problems the problems, each about one node (or the model), in graph order (two or
     *     more)
     * @param unchecked nodes that could not be checked because they read an output of a refused
     *     node
     * @param note a line appended after the list (e.g. the supported operators), or null
     */
    public UnsupportedModelException(
            List<UnsupportedModelException> problems, int unchecked, String note) {
        super(summary(problems, unchecked, note));
        this.node = null;
        this.op = null;
        this.why = getMessage();
        this.problems = List.copyOf(problems);
    }

    private static String summary(
            List<UnsupportedModelException> problems, int unchecked, String note) {
        StringBuilder sb = new StringBuilder(problems.size() + " nodes cannot be imported:");
        for (UnsupportedModelException p : problems) {
            sb.append("\n  - ").append(p.getMessage());
        }
        if (unchecked > 0) {
            sb.append("\n  (")
                    .append(unchecked)
                    .append(
                            unchecked == 1
                                    ? " node reading their outputs was"
                                    : " nodes reading their outputs were")
                    .append(" not checked)");
        }
        if (note != null) {
            sb.append("\n").append(note);
        }
        return sb.toString();
    }

    /** The node the error is about, or null for model-level errors and lists of problems. */
    public String node() {
        return node;
    }

    /** The ONNX (or IR) op of the node, or null. */
    public String op() {
        return op;
    }

    /** What is unsupported and what would fix it (the message without the node prefix). */
    public String why() {
        return why;
    }

    /** The per-node problems of a list (empty when this exception is itself one problem). */
    public List<UnsupportedModelException> problems() {
        return problems;
    }
}
