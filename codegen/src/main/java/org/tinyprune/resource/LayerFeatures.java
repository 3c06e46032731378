package org.tinyprune.resource;

/**
 * The latency features of one layer, the quantities its op's {@link OpCoefficients} multiply and
 * calibration fits: multiply-accumulates, output elements, input elements read, 1 (the call),
 * output pixels, and the two shapes the int8 convolutions' matrix multiply handles outside its fast
 * loop (dot-product tails and an odd last channel).
 *
 * @param node IR node name (the name the generated model reports per-layer cycles under)
 * @param opKey cost-model key of its kernel, or null for a layer no key covers (a reshape)
 * @param values the features, indexed by {@link #MACS} … {@link #ODD_CHANNEL_PIXELS}
 * @param kernelKey key of the kernel code it links ({@link LinkedCode#kernels}): {@code opKey}, or
 *     "depthwise_in_place" for a depthwise convolution that runs in place
 */
public record LayerFeatures(String node, String opKey, double[] values, String kernelKey) {
    /** Features of a layer that links its op's own kernel. */
    public LayerFeatures(String node, String opKey, double[] values) {
        this(node, opKey, values, opKey);
    }

    /** Multiply-accumulates of weighted layers (conv, depthwise, dense); 0 for the others. */
    public static final int MACS = 0;

    /** Output elements written. */
    public static final int OUTPUT = 1;

    /**
     * Input elements read: for windowed ops (k×k conv, depthwise, max and average pooling) the
     * window reads, output pixels × input channels × kernel area; otherwise the elements of every
     * activation input.
     */
    public static final int INPUT = 2;

    /** One per layer: the fixed call overhead. */
    public static final int CONSTANT = 3;

    /**
     * Output pixels (H·W of the output; 1 for a dense output): per-pixel work whatever the
     * channels.
     */
    public static final int PIXELS = 4;

    /**
     * Tail MACs: what the int8 kernels' 4-wide SIMD loops leave to scalar code. General and 1×1
     * convolution: output elements × (K mod 4), K the weights per output; depthwise: output pixels
     * × (C mod 4) × kernel area. 0 for other ops.
     */
    public static final int TAIL_MACS = 5;

    /**
     * Output pixels of an int8 convolution with an odd output channel count (its matrix multiply
     * computes two channels at a time and redoes the last one); 0 otherwise.
     */
    public static final int ODD_CHANNEL_PIXELS = 6;

    /** Number of features. */
    public static final int COUNT = 7;

    /** Copies the values. */
    public LayerFeatures {
        values = values.clone();
    }

    /** The features as a fresh array. */
    @Override
    public double[] values() {
        return values.clone();
    }
}
