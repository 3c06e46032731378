package org.tinyprune.int8;

import org.tinyprune.ir.Quantization;

/**
 * Conversion between real values and int8 codes of a per-tensor affine quantisation {@code real =
 * scale * (q - zeroPoint)}. Quantising follows ONNX {@code QuantizeLinear}: divide in float32,
 * round half to even, add the zero point, saturate to [-128, 127], so inputs quantised here equal
 * what ONNX Runtime computes for the QDQ model.
 */
public final class Affine {

    private Affine() {}

    /**
     * Quantises one value.
     *
     * @param x real value
     * @param scale scale (&gt; 0)
     * @param zeroPoint zero point
     * @return the int8 code
     */
    public static byte quantize(float x, float scale, int zeroPoint) {
        double q = Math.rint(x / scale) + zeroPoint;
        return (byte) Math.max(-128, Math.min(127, q));
    }

    /**
     * Quantises an array with per-tensor parameters.
     *
     * @param x real values
     * @param q per-tensor quantisation
     * @return the int8 codes
     */
    public static byte[] quantize(float[] x, Quantization q) {
        byte[] out = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = quantize(x[i], q.scale(), q.zeroPoint());
        }
        return out;
    }

    /**
     * Dequantises an array with per-tensor parameters.
     *
     * @param q the int8 codes
     * @param quant per-tensor quantisation
     * @return {@code scale * (q - zeroPoint)} per element
     */
    public static float[] dequantize(byte[] q, Quantization quant) {
        float[] out = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            out[i] = quant.scale() * (q[i] - quant.zeroPoint());
        }
        return out;
    }
}
