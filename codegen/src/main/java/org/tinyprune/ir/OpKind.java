package org.tinyprune.ir;

/**
 * What a node computes. Inputs are listed in the order the node expects them; optional inputs may
 * be absent (shorter input list).
 */
public enum OpKind {
    /**
     * 2-D convolution (grouped and depthwise via {@link Attributes#group()}; strides, pads,
     * dilations). Inputs: {@code x}, weight {@code [Cout, Cin/group, kH, kW]}, optional bias {@code
     * [Cout]}. Depthwise when {@code group == Cin == Cout / multiplier}.
     */
    CONV,
    /**
     * Fully connected over the last axis: {@code y = x · Wᵀ + b} for every row of {@code x [...,
     * K]} (rank 1 to 4; leading dimensions are data). Inputs: {@code x}, weight {@code [Cout, K]},
     * optional bias.
     */
    DENSE,
    /**
     * Max pooling over {@code kernel} windows (strides, pads, dilations, ceil mode); padding never
     * wins the max. Input: {@code x}.
     */
    MAX_POOL,
    /**
     * Average pooling; padded positions are not counted in the divisor unless {@link
     * Attributes#countIncludePad()}, which counts the taps up to the end padding as real 0. Input:
     * {@code x}.
     */
    AVG_POOL,
    /** Mean over H and W, output {@code [N, C, 1, 1]}. Input: {@code x}. */
    GLOBAL_AVG_POOL,
    /**
     * Element-wise sum of two tensors of equal shape (rescaled in int8). Inputs: {@code a, b}; in
     * float graphs b may be a constant (an ONNX Add of a constant, expanded to a's shape).
     */
    ADD,
    /**
     * Concatenation along {@link Attributes#axis()} (channels = 1). Inputs: two or more tensors.
     */
    CONCAT,
    /**
     * Reshape to the output tensor's shape, element order as in ONNX (row-major over NCHW). Covers
     * ONNX Flatten and Reshape. Input: {@code x}.
     */
    RESHAPE,
    /** A standalone clamp (ReLU/ReLU6/Clip that could not be fused). Input: {@code x}. */
    CLAMP,
    /**
     * Logistic sigmoid {@code 1 / (1 + e^-x)}, element-wise, any rank. Input: {@code x}. In int8 a
     * 256-entry table lookup ({@link org.tinyprune.int8.LookupTable}).
     */
    SIGMOID,
    /**
     * ONNX HardSigmoid {@code max(0, min(1, alpha * x + beta))}, element-wise, any rank. Inputs:
     * {@code x} and a float constant {@code [alpha, beta]} (the ONNX attributes kept as data, as
     * BATCH_NORM keeps its factors). In int8 a table lookup, like SIGMOID.
     */
    HARD_SIGMOID,
    /**
     * ONNX HardSwish {@code x * max(0, min(1, x / 6 + 1 / 2))}, element-wise, any rank. Input:
     * {@code x}. In int8 a table lookup, like SIGMOID.
     */
    HARD_SWISH,
    /**
     * Element-wise product (rescaled in int8). Inputs: {@code a}, whose shape is the output's, and
     * {@code b} broadcast over it: b holds as many elements as a (equal shapes), one element, or,
     * for a rank-4 {@code a [N, C, H, W]}, one per channel ({@code [N, C, 1, 1]}: squeeze and
     * excite). b may be a constant.
     */
    MUL,
    /**
     * Softmax over the axes {@code [axis, rank)} taken together (ONNX before opset 13; from 13 the
     * importer moves a softmax axis with larger axes after it last with TRANSPOSEs), separately for
     * each index of the leading axes; float graphs only. Input: {@code x}.
     */
    SOFTMAX,
    /**
     * Import-only: per-channel affine {@code y = x * mul[c] + add[c]} (an ONNX BatchNormalization
     * with its statistics already combined). Inputs: {@code x}, {@code mul [C]}, {@code add [C]}.
     * Folded into the preceding convolution before planning.
     */
    BATCH_NORM,
    /**
     * Import-only: float to int8 with the output tensor's {@link Quantization} (ONNX
     * QuantizeLinear). Folded away by the QDQ pass before planning.
     */
    QUANTIZE,
    /**
     * Import-only: int8 to float with the input tensor's {@link Quantization} (ONNX
     * DequantizeLinear). Folded away by the QDQ pass before planning.
     */
    DEQUANTIZE,
    /**
     * Constant padding of H and W by {@link Attributes#pads()} with real 0 (the zero point in
     * int8), or with the value of an optional one-element float constant (in int8 that value
     * quantised like x, {@link org.tinyprune.int8.PadBorder}). Inputs: {@code x [N, C, H, W]},
     * optional {@code value [1]}.
     */
    PAD,
    /**
     * Axis permutation by {@link Attributes#perm()} (ONNX Transpose; a data move). Input: {@code
     * x}.
     */
    TRANSPOSE,
    /**
     * Channel shuffle of {@code [N, C, H, W]} in {@link Attributes#group()} groups: output channel
     * {@code j * g + i} is input channel {@code i * (C / g) + j} (ONNX Reshape to {@code [N, g,
     * C/g, H, W]}, Transpose {@code (0, 2, 1, 3, 4)}, Reshape back). Input: {@code x}.
     */
    CHANNEL_SHUFFLE;

    /**
     * True for ops that only exist between import and the graph passes (never planned or emitted).
     */
    public boolean isImportOnly() {
        return this == BATCH_NORM || this == QUANTIZE || this == DEQUANTIZE;
    }

    /**
     * True for ops that move values without arithmetic of their own (pools, reshape, clamp, concat,
     * pad, transpose, channel shuffle): their output keeps the first input's dtype and
     * quantisation, as the int8 kernels require. All other ops compute in float between
     * DequantizeLinear and QuantizeLinear in QDQ graphs.
     */
    public boolean keepsQuantization() {
        return switch (this) {
            case MAX_POOL,
                    AVG_POOL,
                    GLOBAL_AVG_POOL,
                    RESHAPE,
                    CLAMP,
                    CONCAT,
                    PAD,
                    TRANSPOSE,
                    CHANNEL_SHUFFLE ->
                    true;
            default -> false;
        };
    }

    /**
     * True when input {@code i} is a float constant the op keeps as data even in int8 graphs
     * (HARD_SIGMOID's {@code [alpha, beta]}, PAD's value), not a tensor to quantise.
     */
    public boolean hasFloatParameter(int i) {
        return (this == HARD_SIGMOID || this == PAD) && i == 1;
    }

    /** True when input {@code i} may be a quantised constant in int8 graphs (MUL's factor). */
    public boolean acceptsInt8Constant(int i) {
        return this == MUL && i == 1;
    }

    /** True for ops whose second input is a weight tensor (CONV, DENSE). */
    public boolean hasWeights() {
        return this == CONV || this == DENSE;
    }
}
