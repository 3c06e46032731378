package org.tinyprune.train;

import org.tinyprune.nn.Tensor;

/**
 * Mean softmax cross-entropy over a batch of logits (N×K) with label smoothing ε: the target
 * distribution is (1−ε) on the true class plus ε/K on every class. Computed with the log-sum-exp
 * shift for stability; keeps the gradient dLoss/dLogits = (softmax − target)/N in a reused buffer.
 */
public final class SoftmaxCrossEntropy {
    private final float smoothing;
    private Tensor gradient;
    private int correct;

    /** A loss with label smoothing {@code smoothing} in [0, 1). */
    public SoftmaxCrossEntropy(float smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException(
                    "label smoothing must be in [0, 1), got " + smoothing);
        }
        this.smoothing = smoothing;
    }

    /** Label smoothing ε. */
    public float smoothing() {
        return smoothing;
    }

    /**
     * Computes the mean loss of {@code logits} (N×K) against {@code labels[0..N)}, and the gradient
     * and the number of correct argmax predictions as side results.
     *
     * @throws IllegalArgumentException if a label is outside [0, K)
     */
    public double forward(Tensor logits, int[] labels) {
        int n = logits.dim(0);
        int k = logits.sampleSize();
        gradient = Tensor.reuse(gradient, logits.shape());
        float[] z = logits.data();
        float[] g = gradient.data();
        double total = 0;
        int hits = 0;
        float off = smoothing / k;
        float on = 1 - smoothing + off;
        for (int s = 0; s < n; s++) {
            int label = labels[s];
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException(
                        "label "
                                + label
                                + " of sample "
                                + s
                                + " is outside [0, "
                                + k
                                + "); check the dataset's class count and the model's outputs");
            }
            int base = s * k;
            float max = z[base];
            int arg = 0;
            for (int j = 1; j < k; j++) {
                if (z[base + j] > max) {
                    max = z[base + j];
                    arg = j;
                }
            }
            hits += arg == label ? 1 : 0;
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[base + j] - max);
            }
            double logSum = Math.log(sum) + max;
            for (int j = 0; j < k; j++) {
                double logP = z[base + j] - logSum;
                double target = j == label ? on : off;
                total -= target * logP;
                g[base + j] = (float) ((Math.exp(logP) - target) / n);
            }
        }
        correct = hits;
        return total / n;
    }

    /** dLoss/dLogits of the last {@link #forward} call (a reused buffer). */
    public Tensor gradient() {
        return gradient;
    }

    /** Correct top-1 predictions in the last {@link #forward} call. */
    public int correct() {
        return correct;
    }
}
