package org.tinyprune.export;

import org.tinyprune.nn.layer.BatchNorm2d;

/**
 * Folds an eval-mode BatchNorm into the convolution before it. With {@code s = gamma /
 * sqrt(running_var + eps)} per output channel c: {@code W'[c] = W[c] * s[c]} and {@code b'[c] =
 * (b[c] - running_mean[c]) * s[c] + beta[c]} (b = 0 when the convolution has no bias). Arithmetic
 * in double, rounded once to float.
 */
public final class BatchNormFolding {

    private BatchNormFolding() {}

    /** Folded weights and bias. */
    public record Folded(float[] weight, float[] bias) {}

    /**
     * Folds {@code bn} into a convolution with {@code weight} laid out [out, ...] and optional
     * {@code bias} (null for none).
     *
     * @throws IllegalArgumentException if the channel counts differ
     */
    public static Folded fold(float[] weight, float[] bias, int outChannels, BatchNorm2d bn) {
        if (bn.channels() != outChannels || weight.length % outChannels != 0) {
            throw new IllegalArgumentException(
                    "cannot fold a BatchNorm of "
                            + bn.channels()
                            + " channels into a convolution with "
                            + outChannels
                            + " output channels");
        }
        int per = weight.length / outChannels;
        float[] gamma = bn.gamma().values();
        float[] beta = bn.beta().values();
        float[] mean = bn.runningMean().values();
        float[] var = bn.runningVar().values();
        float[] w = new float[weight.length];
        float[] b = new float[outChannels];
        for (int c = 0; c < outChannels; c++) {
            double s = gamma[c] / Math.sqrt((double) var[c] + bn.eps());
            for (int i = c * per; i < (c + 1) * per; i++) {
                w[i] = (float) (weight[i] * s);
            }
            double b0 = bias == null ? 0.0 : bias[c];
            b[c] = (float) ((b0 - mean[c]) * s + beta[c]);
        }
        return new Folded(w, b);
    }
}
