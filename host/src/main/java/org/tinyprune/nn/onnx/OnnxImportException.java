package org.tinyprune.nn.onnx;

import java.util.List;

/**
 * An ONNX model cannot become a trainable {@link org.tinyprune.nn.Graph}, or does not fit the
 * dataset it is meant to train on. Raised before any training starts. The message lists every
 * {@link Problem} found, one per line, each naming the node, tensor or flag at fault and what would
 * fix it; {@link #problems()} gives them one by one.
 */
public final class OnnxImportException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Where a problem lies ({@code node} and {@code op} are empty for model-level problems). */
    public record Problem(String node, String op, String reason) {
        /** A problem about the whole model, an input or a flag rather than one node. */
        public static Problem model(String reason) {
            return new Problem("", "", reason);
        }

        @Override
        public String toString() {
            return node.isEmpty() ? reason : "node '" + node + "' (" + op + "): " + reason;
        }
    }

    private final transient List<Problem> problems;

    /**
     * An exception listing {@code problems} (at least one).
     *
     * @param source what was being imported or checked, e.g. the file name
     */
    public OnnxImportException(String source, List<Problem> problems) {
        super(message(source, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an import error needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** An exception with one model-level problem. */
    public OnnxImportException(String source, String reason) {
        this(source, List.of(Problem.model(reason)));
    }

    /** The problems, in graph order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String message(String source, List<Problem> problems) {
        if (problems.size() == 1) {
            return source + ": " + problems.get(0);
        }
        StringBuilder sb =
                new StringBuilder(source).append(": ").append(problems.size()).append(" problems:");
        for (Problem p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
