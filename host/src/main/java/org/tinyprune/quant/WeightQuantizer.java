package org.tinyprune.quant;

/**
 * Symmetric per-output-channel int8 weights and int32 biases (DESIGN §3): channel {@code o} of a
 * weight gets {@code scale[o] = max|w[o]| / 127} and codes {@code round(w / scale)} in [-127, 127]
 * (zero point 0); its bias gets scale {@code inputScale * scale[o]} and codes {@code round(b /
 * (inputScale * scale[o]))}.
 */
public final class WeightQuantizer {

    private WeightQuantizer() {}

    /**
     * Int8 weights with their per-channel scales.
     *
     * @param codes int8 codes, same layout as the float weights
     * @param scales one scale per output channel
     */
    public record Weights(byte[] codes, float[] scales) {}

    /**
     * Quantises weights laid out {@code [channels, ...]}.
     *
     * @param w float weights, output channel first
     * @param channels output channels
     * @return codes and scales; an all-zero channel gets scale 1 and zero codes
     */
    public static Weights perChannel(float[] w, int channels) {
        int per = w.length / channels;
        byte[] q = new byte[w.length];
        float[] scales = new float[channels];
        for (int o = 0; o < channels; o++) {
            float absMax = 0;
            for (int i = o * per; i < (o + 1) * per; i++) {
                absMax = Math.max(absMax, Math.abs(w[i]));
            }
            scales[o] = absMax > 0 ? absMax / 127f : 1f;
            for (int i = o * per; i < (o + 1) * per; i++) {
                q[i] = (byte) Math.max(-127, Math.min(127, Math.rint(w[i] / (double) scales[o])));
            }
        }
        return new Weights(q, scales);
    }

    /**
     * Per-channel bias scales {@code inputScale * weightScale[o]}, computed in double and rounded
     * once to float.
     *
     * @param inputScale scale of the layer's input activation
     * @param weightScales per-channel weight scales
     * @return bias scales
     */
    public static float[] biasScales(float inputScale, float[] weightScales) {
        float[] s = new float[weightScales.length];
        for (int o = 0; o < s.length; o++) {
            s[o] = (float) ((double) inputScale * weightScales[o]);
        }
        return s;
    }

    /**
     * Quantises a bias to int32 codes with the given scales, saturating at the int32 range.
     *
     * @param b float bias (null: zeros)
     * @param scales bias scales from {@link #biasScales}
     * @return int32 codes
     */
    public static int[] bias(float[] b, float[] scales) {
        int[] q = new int[scales.length];
        if (b != null) {
            for (int o = 0; o < q.length; o++) {
                double v = Math.rint(b[o] / (double) scales[o]);
                q[o] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
            }
        }
        return q;
    }
}
