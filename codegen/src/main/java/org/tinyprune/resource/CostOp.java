package org.tinyprune.resource;

/** The kinds of layer the resource model prices; each has its own latency coefficients. */
public enum CostOp {
    /** Convolution with a kernel larger than 1×1 (groups 1). */
    CONV("conv"),
    /** 1×1 convolution (groups 1). */
    CONV_1X1("conv1x1"),
    /** Depthwise convolution (depth multiplier 1). */
    DEPTHWISE("depthwise"),
    /** Fully connected layer. */
    DENSE("dense"),
    /** Max pooling. */
    MAX_POOL("maxpool"),
    /** Average pooling. */
    AVG_POOL("avgpool"),
    /** Global average pooling. */
    GLOBAL_AVG_POOL("global_avgpool"),
    /** Element-wise add with rescale. */
    ADD("add"),
    /** Channel concatenation. */
    CONCAT("concat"),
    /** A reshape or flatten: no data movement, the output aliases the input. */
    RESHAPE("reshape");

    private final String key;

    CostOp(String key) {
        this.key = key;
    }

    /** True for ops with weights (they cost flash). */
    public boolean hasWeights() {
        return this == CONV || this == CONV_1X1 || this == DEPTHWISE || this == DENSE;
    }

    /** The key used in board profiles' cost models and in reports, e.g. {@code conv1x1}. */
    public String key() {
        return key;
    }
}
