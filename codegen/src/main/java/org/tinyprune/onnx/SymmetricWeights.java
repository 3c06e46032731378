package org.tinyprune.onnx;

/**
 * Integer weights of an ONNX integer op (int8 or uint8, any zero point, per-tensor or per-channel
 * scale) restated exactly as the symmetric int8 weights the kernels use (zero point 0, one scale
 * per output channel).
 *
 * <p>The ops compute with {@code w - zero_point}, so those differences are the weights. When a
 * channel's differences fit int8 they are stored as they are. When they do not (a uint8 weight with
 * zero point 255 reaches -255), a common factor {@code g} of the channel's differences (and of its
 * int32 bias, whose scale follows the weight scale) is moved into the scale: the integer
 * accumulator is then exactly {@code g} times the kernel's, and the requantisation multiplier
 * carries the {@code g}. Otherwise the weights cannot run on the int8 kernels without changing
 * their values, and the op is refused.
 */
final class SymmetricWeights {
    /** The int8 weights, same shape and order as the ONNX tensor. */
    final byte[] data;

    /** One scale per channel along the channel axis. */
    final float[] scales;

    /** The bias divided by the same factor as its channel's weights, or null without a bias. */
    final int[] bias;

    private SymmetricWeights(byte[] data, float[] scales, int[] bias) {
        this.data = data;
        this.scales = scales;
        this.bias = bias;
    }

    /**
     * @param values the weight codes (uint8 zero-extended, int8 sign-extended)
     * @param shape the weight shape
     * @param axis the channel axis (0 for Conv {@code [Cout, ...]}, the last for MatMul {@code [K,
     *     N]})
     * @param scale one scale, or one per channel
     * @param zeroPoint one zero point, or one per channel, in the same code domain as {@code
     *     values}
     * @param bias int32 bias per channel, or null
     * @param what names the node and weight for the error message
     */
    static SymmetricWeights of(
            int[] values,
            int[] shape,
            int axis,
            float[] scale,
            int[] zeroPoint,
            int[] bias,
            String what)
            throws UnsupportedModelException {
        int channels = shape[axis];
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        if ((scale.length != 1 && scale.length != channels)
                || (zeroPoint.length != 1 && zeroPoint.length != channels)
                || (bias != null && bias.length != channels)) {
            throw new UnsupportedModelException(
                    what
                            + ": "
                            + scale.length
                            + " scales, "
                            + zeroPoint.length
                            + " zero points"
                            + (bias == null ? "" : ", " + bias.length + " biases")
                            + " for "
                            + channels
                            + " channels; give one per tensor or one per output channel");
        }
        int[] diff = new int[values.length];
        int[] lo = new int[channels];
        int[] hi = new int[channels];
        int[] gcd = new int[channels];
        for (int c = 0; c < channels; c++) {
            gcd[c] = bias == null ? 0 : Math.abs(bias[c]);
        }
        for (int i = 0; i < values.length; i++) {
            int c = (i / inner) % channels;
            diff[i] = values[i] - zeroPoint[zeroPoint.length == 1 ? 0 : c];
            lo[c] = Math.min(lo[c], diff[i]);
            hi[c] = Math.max(hi[c], diff[i]);
            gcd[c] = gcd(gcd[c], Math.abs(diff[i]));
        }
        int[] factor = new int[channels];
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            boolean fits = lo[c] >= -128 && hi[c] <= 127;
            factor[c] = fits || gcd[c] == 0 ? 1 : gcd[c];
            if (lo[c] / factor[c] < -128 || hi[c] / factor[c] > 127) {
                throw new UnsupportedModelException(
                        what
                                + ": channel "
                                + c
                                + " spans ["
                                + lo[c]
                                + ", "
                                + hi[c]
                                + "] around its zero point "
                                + zeroPoint[zeroPoint.length == 1 ? 0 : c]
                                + ", which does not fit "
                                + "the symmetric int8 kernels exactly; quantise the weights as symmetric int8 (zero point 0; "
                                + "ONNX Runtime: weight_type=QInt8)");
            }
            scales[c] = scale[scale.length == 1 ? 0 : c] * factor[c];
        }
        byte[] data = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = (byte) (diff[i] / factor[(i / inner) % channels]);
        }
        int[] b = null;
        if (bias != null) {
            b = new int[channels];
            for (int c = 0; c < channels; c++) {
                b[c] = bias[c] / factor[c];
            }
        }
        return new SymmetricWeights(data, scales, b);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
