package org.tinyprune.nn.onnx;

/**
 * Thrown by a translator for the node it is translating: the reason, in words, with the fix when
 * there is one. The importer records it as a {@link OnnxImportException.Problem} of that node and
 * carries on with the other nodes, so that one error lists them all.
 */
final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(String reason) {
        super(reason, null, false, false);
    }
}
