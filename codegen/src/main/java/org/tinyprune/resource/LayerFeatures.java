package org.tinyprune.resource;

/**
 * The latency features of one layer, the quantities its op's {@link OpCoefficients} multiply and
 * calibration fits: multiply-accumulates, output elements, input elements read, 1 (the call), and
 * output pixels.
 *
 * @param node IR node name (the name the generated model reports per-layer cycles under)
 * @param opKey cost-model key of its kernel, or null for a layer no key covers (a reshape)
 * @param values the features, indexed by {@link #MACS} … {@link #PIXELS}
 */
public record LayerFeatures(String node, String opKey, double[] values) {
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
    /** Output pixels (H·W of the output; 1 for a dense output): per-pixel work whatever the channels. */
    public static final int PIXELS = 4;
    /** Number of features. */
    public static final int COUNT = 5;

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
