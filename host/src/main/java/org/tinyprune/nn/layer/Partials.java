package org.tinyprune.nn.layer;

import java.util.Arrays;

/**
 * Per-chunk partial parameter gradients of a convolution: each fixed chunk of samples adds into its
 * own weight and bias arrays, and {@link #reduceInto} adds the chunks to the gradients in chunk
 * order, so the result does not depend on how many threads ran the chunks.
 */
final class Partials {
    private float[][] weight = new float[0][];
    private float[][] bias = new float[0][];

    /**
     * Makes room for {@code chunks} chunks of {@code weights} weight and {@code biases} bias
     * entries.
     */
    void ensure(int chunks, int weights, int biases) {
        if (weight.length < chunks || weight[0].length != weights || bias[0].length != biases) {
            weight = new float[chunks][weights];
            bias = new float[chunks][biases];
        }
    }

    /** Chunk {@code c}'s weight partial, zeroed. */
    float[] weight(int c) {
        Arrays.fill(weight[c], 0f);
        return weight[c];
    }

    /** Chunk {@code c}'s bias partial, zeroed. */
    float[] bias(int c) {
        Arrays.fill(bias[c], 0f);
        return bias[c];
    }

    /**
     * Adds the first {@code chunks} partials into the gradients in chunk order ({@code gradB} may
     * be null).
     */
    void reduceInto(int chunks, float[] gradW, float[] gradB) {
        for (int c = 0; c < chunks; c++) {
            add(weight[c], gradW);
            if (gradB != null) {
                add(bias[c], gradB);
            }
        }
    }

    private static void add(float[] p, float[] grads) {
        for (int i = 0; i < grads.length; i++) {
            grads[i] += p[i];
        }
    }
}
