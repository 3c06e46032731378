package org.tinyprune.board;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tinyprune.board.proto.OpCost;

/**
 * Operator kinds that carry their own latency coefficients in a board's cost model (the keys of
 * {@code cost_model.ops}). Kinds differ because kernels differ: a 1x1 convolution runs without
 * im2col, a depthwise convolution has no channel reduction, and so on.
 */
public enum OpKind {
    /** KxK convolution (groups = 1, kernel larger than 1x1). */
    CONV("conv"),
    /** 1x1 (pointwise) convolution. */
    CONV1X1("conv1x1"),
    /** Depthwise convolution (groups = channels). */
    DEPTHWISE("depthwise"),
    /** Fully connected layer. */
    DENSE("dense"),
    /** Max pooling. */
    MAXPOOL("maxpool"),
    /** Average pooling over a window. */
    AVGPOOL("avgpool"),
    /** Average over the whole spatial extent. */
    GLOBAL_AVGPOOL("global_avgpool"),
    /** Element-wise addition of two tensors with requantisation. */
    ADD("add"),
    /**
     * Element-wise int8 table lookup: Sigmoid, HardSigmoid, HardSwish (their float kernels in float
     * graphs). A profile without it prices it with {@link #ADD}'s coefficients
     * (resource.Overheads).
     */
    LUT("lut"),
    /**
     * Element-wise multiplication with requantisation (also squeeze-and-excite's channel scale).
     */
    MUL("mul"),
    /** Concatenation along channels. */
    CONCAT("concat"),
    /** Constant padding of H and W (a Pad no convolution or pool could absorb). */
    PAD("pad"),
    /** Data move: transpose, channel shuffle, or a reshape that changes the device order. */
    TRANSPOSE("transpose");

    private final String key;

    OpKind(String key) {
        this.key = key;
    }

    /**
     * Returns the key used in {@code cost_model.ops}, e.g. {@code "conv1x1"}.
     *
     * @return the key used in {@code cost_model.ops}, e.g. {@code "conv1x1"}
     */
    public String key() {
        return key;
    }

    /**
     * Looks a kind up by its cost-model key.
     *
     * @param key a key such as {@code "depthwise"}
     * @return the kind, or empty for an unknown key
     */
    public static Optional<OpKind> fromKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    /**
     * Returns the accepted keys, comma separated, for error messages.
     *
     * @return the accepted keys, comma separated, for error messages
     */
    public static String known() {
        return Arrays.stream(values()).map(OpKind::key).collect(Collectors.joining(", "));
    }

    /**
     * Evaluates the linear latency model of one operator instance. Accepts real-valued features so
     * that the pruner can evaluate it on soft channel counts; at integer counts it is the same sum.
     *
     * @param cost the operator's coefficients
     * @param macs multiply-accumulates
     * @param outputElements elements written
     * @param inputElements elements read (all inputs)
     * @return predicted cycles (instructions on emulated boards)
     */
    public static double predictCycles(
            OpCost cost, double macs, double outputElements, double inputElements) {
        return cost.getPerMac() * macs
                + cost.getPerOutputElement() * outputElements
                + cost.getPerInputElement() * inputElements
                + cost.getConstant();
    }
}
