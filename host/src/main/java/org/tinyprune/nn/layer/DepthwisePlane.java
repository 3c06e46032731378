package org.tinyprune.nn.layer;

import org.tinyprune.nn.kernel.Im2col;

/**
 * The zero-padded layout in which a depthwise convolution of one channel becomes a few long vector
 * loops. The input plane is copied into a buffer of {@code (H + 2·padH) × (W + 2·padW)} (row length
 * {@link #width}), whose border stays zero. In that layout the stride-1 output at padded-row
 * position q is {@code Σ_t w[t] · xp[q + offset(t)]} for every q in [0, {@link #span}), with {@code
 * offset(ki, kj) = ki·width + kj}: each kernel tap is one multiply-add over the whole plane at a
 * fixed shift. Positions whose column lies past the last output column are computed and ignored. A
 * stride-s output is the stride-1 output sampled at rows and columns that are multiples of s; its
 * gradient is scattered back onto those positions of a zero plane, so one code path serves every
 * stride.
 */
record DepthwisePlane(Im2col.Window g, int width, int span, int size) {

    /** The padded layout of {@code g}'s input plane. */
    static DepthwisePlane of(Im2col.Window g) {
        int width = g.width() + 2 * g.padW();
        int rows = g.height() + 2 * g.padH() - g.kernelH() + 1;
        // q + offset reaches (rows + kernelH − 1)·width + kernelW − 2, hence the extra kernelW
        return new DepthwisePlane(
                g, width, rows * width, (g.height() + 2 * g.padH()) * width + g.kernelW());
    }

    /** Buffer offset of kernel tap t (row-major over the kernel). */
    int offset(int t) {
        return t / g.kernelW() * width + t % g.kernelW();
    }

    /** Span position of output (oh, ow). */
    int at(int oh, int ow) {
        return oh * g.stride() * width + ow * g.stride();
    }

    /** Copies the plane at {@code x[xOff]} into the interior of {@code xp} (border untouched). */
    void pad(float[] x, int xOff, float[] xp) {
        for (int h = 0; h < g.height(); h++) {
            System.arraycopy(
                    x, xOff + h * g.width(), xp, (h + g.padH()) * width + g.padW(), g.width());
        }
    }

    /** The interior of {@code xp} back into the plane at {@code x[xOff]}. */
    void unpad(float[] xp, float[] x, int xOff) {
        for (int h = 0; h < g.height(); h++) {
            System.arraycopy(
                    xp, (h + g.padH()) * width + g.padW(), x, xOff + h * g.width(), g.width());
        }
    }

    /** y[yOff + output (oh, ow)] = span[at(oh, ow)]. */
    void sample(float[] span, float[] y, int yOff) {
        int ow = g.outW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int o = yOff + oh * ow;
            if (g.stride() == 1) {
                System.arraycopy(span, at(oh, 0), y, o, ow);
                continue;
            }
            for (int j = 0; j < ow; j++) {
                y[o + j] = span[at(oh, j)];
            }
        }
    }

    /** span[at(oh, ow)] = dy[dyOff + output (oh, ow)]; other positions are left as they are. */
    void scatter(float[] dy, int dyOff, float[] span) {
        int ow = g.outW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int o = dyOff + oh * ow;
            if (g.stride() == 1) {
                System.arraycopy(dy, o, span, at(oh, 0), ow);
                continue;
            }
            for (int j = 0; j < ow; j++) {
                span[at(oh, j)] = dy[o + j];
            }
        }
    }
}
