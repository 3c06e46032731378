package org.tinyprune.calibrate;

/**
 * One layer measured on the board: its op, its resource-model features and its cycles.
 *
 * @param net the suite network it belongs to
 * @param layer the layer's name (the same in the cost graph and the generated model)
 * @param op its cost-model key ("conv", "conv1x1", "depthwise", …), as the resource model keys it
 * @param features its latency features, indexed by {@link org.tinyprune.resource.LayerFeatures}
 * @param cycles cycles the board reported for it ({@code tp-layers}; instruction counts on emulated
 *     boards)
 * @param kernel key of the kernel code it links: {@code op}, or "depthwise_in_place" for a
 *     depthwise convolution run in place ({@link org.tinyprune.resource.LayerFeatures#kernelKey})
 */
public record LayerSample(
        String net, String layer, String op, double[] features, double cycles, String kernel) {
    /** A layer that links its op's own kernel. */
    public LayerSample(String net, String layer, String op, double[] features, double cycles) {
        this(net, layer, op, features, cycles, op);
    }

    /** Copies the features. */
    public LayerSample {
        features = features.clone();
    }

    /** Features · coefficients: what the model predicts for this layer. */
    public double predict(double[] coefficients) {
        double s = 0;
        for (int i = 0; i < Math.min(features.length, coefficients.length); i++) {
            s += features[i] * coefficients[i];
        }
        return s;
    }
}
