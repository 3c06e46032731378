package org.tinyprune.export;

/**
 * How {@link OnnxExporter} writes a graph.
 *
 * @param foldBatchNorm fold each BatchNorm that directly follows a convolution (and is its only
 *     consumer) into that convolution's weights and bias; other BatchNorms stay BatchNormalization
 *     nodes
 * @param batchSize the fixed batch dimension, or 0 for a symbolic batch dimension named {@value
 *     #BATCH_PARAM} so the model accepts any batch size
 * @param denseAsGemm write Dense as one Gemm node (true) or as MatMul followed by Add (false)
 * @param opset default-domain opset version, at least 13
 * @param outputSoftmax end the model with a Softmax over the output features (an imported model
 *     that had one: training drops it, export puts it back)
 */
public record ExportOptions(
        boolean foldBatchNorm,
        int batchSize,
        boolean denseAsGemm,
        int opset,
        boolean outputSoftmax) {

    /** Name of the symbolic batch dimension. */
    public static final String BATCH_PARAM = "N";

    /** Checks the values. */
    public ExportOptions {
        if (batchSize < 0) {
            throw new IllegalArgumentException(
                    "export batch size must be 0 (symbolic) or" + " positive, got " + batchSize);
        }
        if (opset < 13) {
            throw new IllegalArgumentException("export opset must be 13 or later, got " + opset);
        }
    }

    /** BatchNorm kept, symbolic batch, Gemm for Dense, opset 13, no final Softmax. */
    public static ExportOptions defaults() {
        return new ExportOptions(false, 0, true, 13, false);
    }

    /** A copy with BatchNorm folding switched on or off. */
    public ExportOptions withFoldBatchNorm(boolean fold) {
        return new ExportOptions(fold, batchSize, denseAsGemm, opset, outputSoftmax);
    }

    /** A copy with a fixed batch size ({@code 0} for symbolic). */
    public ExportOptions withBatchSize(int n) {
        return new ExportOptions(foldBatchNorm, n, denseAsGemm, opset, outputSoftmax);
    }

    /** A copy writing Dense as Gemm (true) or MatMul + Add (false). */
    public ExportOptions withDenseAsGemm(boolean gemm) {
        return new ExportOptions(foldBatchNorm, batchSize, gemm, opset, outputSoftmax);
    }

    /** A copy with another opset version. */
    public ExportOptions withOpset(int version) {
        return new ExportOptions(foldBatchNorm, batchSize, denseAsGemm, version, outputSoftmax);
    }

    /** A copy that ends (true) or does not end (false) the model with a Softmax. */
    public ExportOptions withOutputSoftmax(boolean softmax) {
        return new ExportOptions(foldBatchNorm, batchSize, denseAsGemm, opset, softmax);
    }
}
