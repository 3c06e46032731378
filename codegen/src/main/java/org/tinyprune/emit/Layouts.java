package org.tinyprune.emit;

/**
 * Permutations from the IR's (ONNX) constant layouts to the kernels' layouts of {@code
 * tp_kernels.h}. Each returns {@code perm} with {@code kernel[i] = ir[perm[i]]}.
 */
final class Layouts {
    private Layouts() {}

    /** Conv weights {@code [O, C, kh, kw]} → {@code [O][kh][kw][C]}. */
    static int[] convFilter(int o, int c, int kh, int kw) {
        int[] perm = new int[o * c * kh * kw];
        int i = 0;
        for (int n = 0; n < o; n++) {
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        perm[i++] = ((n * c + ch) * kh + y) * kw + x;
                    }
                }
            }
        }
        return perm;
    }

    /** Depthwise weights {@code [C, 1, kh, kw]} → {@code [kh][kw][C]}. */
    static int[] depthwiseFilter(int c, int kh, int kw) {
        int[] perm = new int[c * kh * kw];
        int i = 0;
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int ch = 0; ch < c; ch++) {
                    perm[i++] = (ch * kh + y) * kw + x;
                }
            }
        }
        return perm;
    }

    /**
     * Dense weights {@code [O, C*H*W]} whose input was flattened from NCHW {@code [C, H, W]}: the
     * columns reordered so the kernel can read the NHWC tensor directly.
     */
    static int[] denseFromNchw(int o, int c, int h, int w) {
        int k = c * h * w;
        int[] perm = new int[o * k];
        for (int n = 0; n < o; n++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        perm[n * k + (y * w + x) * c + ch] = n * k + (ch * h + y) * w + x;
                    }
                }
            }
        }
        return perm;
    }

    /**
     * An activation-shaped constant {@code [1, C, H, W]} → {@code [H][W][C]} (the device's NHWC).
     */
    static int[] nhwcFromNchw(int c, int h, int w) {
        int[] perm = new int[c * h * w];
        int i = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    perm[i++] = (ch * h + y) * w + x;
                }
            }
        }
        return perm;
    }

    static byte[] apply(byte[] v, int[] perm) {
        byte[] r = new byte[perm.length];
        for (int i = 0; i < perm.length; i++) {
            r[i] = v[perm[i]];
        }
        return r;
    }

    static float[] apply(float[] v, int[] perm) {
        float[] r = new float[perm.length];
        for (int i = 0; i < perm.length; i++) {
            r[i] = v[perm[i]];
        }
        return r;
    }
}
