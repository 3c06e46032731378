package org.tinyprune.nn.onnx;

import java.util.Arrays;

/**
 * The sliding-window attributes of a Conv or pool node, resolved for a static input size: kernel,
 * strides, dilations and explicit pads (top, left, bottom, right), with {@code auto_pad} turned
 * into pads.
 */
record Window(
        int kernelH,
        int kernelW,
        int strideH,
        int strideW,
        int dilationH,
        int dilationW,
        int top,
        int left,
        int bottom,
        int right) {

    /**
     * Reads {@code kernel_shape} (or {@code kernel} from the weight), {@code strides}, {@code
     * dilations}, {@code pads}, {@code auto_pad} for a 2-D window over an H×W input.
     *
     * @param kernel the kernel from the weight (Conv), or null to require {@code kernel_shape}
     */
    static Window of(Attrs a, int[] kernel, int inH, int inW) {
        int[] k = a.ints("kernel_shape", kernel);
        if (k == null) {
            throw new Unsupported("needs the kernel_shape attribute");
        }
        if (k.length != 2) {
            throw new Unsupported(
                    "kernel_shape "
                            + Arrays.toString(k)
                            + " is not 2-D; only 2-D windows over N×C×H×W are"
                            + " supported");
        }
        if (kernel != null && !Arrays.equals(k, kernel)) {
            throw new Unsupported(
                    "kernel_shape "
                            + Arrays.toString(k)
                            + " does not match the weight's "
                            + Arrays.toString(kernel));
        }
        int[] s = a.ints("strides", new int[] {1, 1});
        int[] d = a.ints("dilations", new int[] {1, 1});
        if (s.length != 2 || d.length != 2) {
            throw new Unsupported(
                    "strides "
                            + Arrays.toString(s)
                            + " / dilations "
                            + Arrays.toString(d)
                            + " must have 2"
                            + " entries");
        }
        if (s[0] < 1 || s[1] < 1 || d[0] < 1 || d[1] < 1) {
            throw new Unsupported(
                    "strides and dilations must be >= 1, got "
                            + Arrays.toString(s)
                            + ", "
                            + Arrays.toString(d));
        }
        String auto = a.string("auto_pad", "NOTSET");
        int[] p;
        switch (auto) {
            case "NOTSET":
                p = a.ints("pads", new int[4]);
                if (p.length != 4) {
                    throw new Unsupported(
                            "pads " + Arrays.toString(p) + " must have 4 entries for a 2-D window");
                }
                break;
            case "VALID":
                p = new int[4];
                break;
            case "SAME_UPPER":
            case "SAME_LOWER":
                p = new int[4];
                int[] in = {inH, inW};
                for (int i = 0; i < 2; i++) {
                    int out = (in[i] + s[i] - 1) / s[i];
                    int total = Math.max(0, (out - 1) * s[i] + (k[i] - 1) * d[i] + 1 - in[i]);
                    int small = total / 2;
                    p[i] = auto.equals("SAME_UPPER") ? small : total - small;
                    p[i + 2] = total - p[i];
                }
                break;
            default:
                throw new Unsupported("auto_pad '" + auto + "' is unknown");
        }
        for (int v : p) {
            if (v < 0) {
                throw new Unsupported("negative pads " + Arrays.toString(p) + " are not supported");
            }
        }
        return new Window(k[0], k[1], s[0], s[1], d[0], d[1], p[0], p[1], p[2], p[3]);
    }

    /** True if top = bottom and left = right. */
    boolean symmetric() {
        return top == bottom && left == right;
    }

    /** True if every pad is zero. */
    boolean unpadded() {
        return top == 0 && left == 0 && bottom == 0 && right == 0;
    }

    /** This window with pads widened by a preceding zero Pad. */
    Window plusPads(int t, int l, int b, int r) {
        return new Window(
                kernelH,
                kernelW,
                strideH,
                strideW,
                dilationH,
                dilationW,
                top + t,
                left + l,
                bottom + b,
                right + r);
    }

    /** The pads as ONNX lists them. */
    String pads() {
        return Arrays.toString(new int[] {top, left, bottom, right});
    }
}
