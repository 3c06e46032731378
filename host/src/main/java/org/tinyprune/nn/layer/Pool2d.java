package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Shapes;

/**
 * Pooling window geometry shared by {@link MaxPool2d} and {@link AvgPool2d}: kernel and stride per
 * axis, zero-or-more padding per side (each below the kernel on its axis), and floor or ceil
 * rounding of the output size. With ceil rounding a last window that would start in the end padding
 * is dropped (as PyTorch and ONNX Runtime do). A ceil mode that adds no window is stored as floor,
 * so equal geometries compare equal.
 *
 * <p>Zoo models use square windows with one stride and the same padding on every side, floor
 * rounding; {@link #kernel()}, {@link #stride()} and {@link #padding()} describe those and refuse
 * any other window (read the per-axis getters instead).
 */
public abstract class Pool2d extends Layer {
    final int kernelH;
    final int kernelW;
    final int strideH;
    final int strideW;
    final int top;
    final int left;
    final int bottom;
    final int right;
    final boolean ceilMode;

    /** A square window with the same padding on every side, floor rounding. */
    Pool2d(int kernel, int stride, int padding) {
        this(kernel, kernel, stride, stride, padding, padding, padding, padding, false, -1, -1);
        if (2 * padding > kernel) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName()
                            + ": need padding <= kernel/2, got kernel="
                            + kernel
                            + " padding="
                            + padding);
        }
    }

    /**
     * Any window; {@code ceilMode} is normalised to false when, for an input of {@code inH × inW}
     * (pass -1 if unknown), it adds no output row or column.
     */
    Pool2d(
            int kernelH,
            int kernelW,
            int strideH,
            int strideW,
            int top,
            int left,
            int bottom,
            int right,
            boolean ceilMode,
            int inH,
            int inW) {
        if (kernelH < 1
                || kernelW < 1
                || strideH < 1
                || strideW < 1
                || top < 0
                || left < 0
                || bottom < 0
                || right < 0
                || top >= kernelH
                || bottom >= kernelH
                || left >= kernelW
                || right >= kernelW) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName()
                            + ": need kernel >= 1, stride >= 1,"
                            + " 0 <= padding < kernel; got kernel="
                            + kernelH
                            + "x"
                            + kernelW
                            + " stride="
                            + strideH
                            + ","
                            + strideW
                            + " pads="
                            + top
                            + ","
                            + left
                            + ","
                            + bottom
                            + ","
                            + right);
        }
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.top = top;
        this.left = left;
        this.bottom = bottom;
        this.right = right;
        this.ceilMode =
                ceilMode
                        && (inH < 0
                                || inW < 0
                                || out(inH, kernelH, strideH, top, bottom, true)
                                        != out(inH, kernelH, strideH, top, bottom, false)
                                || out(inW, kernelW, strideW, left, right, true)
                                        != out(inW, kernelW, strideW, left, right, false));
    }

    /** Output length along one axis. */
    static int out(int in, int k, int s, int padBegin, int padEnd, boolean ceil) {
        int span = in + padBegin + padEnd - k;
        if (span < 0) {
            return 0;
        }
        if (!ceil) {
            return span / s + 1;
        }
        int o = (span + s - 1) / s + 1;
        if ((o - 1) * s >= in + padBegin) {
            o--;
        }
        return o;
    }

    /** Output rows for an input of {@code h} rows. */
    int outH(int h) {
        return out(h, kernelH, strideH, top, bottom, ceilMode);
    }

    /** Output columns for an input of {@code w} columns. */
    int outW(int w) {
        return out(w, kernelW, strideW, left, right, ceilMode);
    }

    /** Window height. */
    public int kernelH() {
        return kernelH;
    }

    /** Window width. */
    public int kernelW() {
        return kernelW;
    }

    /** Vertical stride. */
    public int strideH() {
        return strideH;
    }

    /** Horizontal stride. */
    public int strideW() {
        return strideW;
    }

    /** Padding above. */
    public int padTop() {
        return top;
    }

    /** Padding on the left. */
    public int padLeft() {
        return left;
    }

    /** Padding below. */
    public int padBottom() {
        return bottom;
    }

    /** Padding on the right. */
    public int padRight() {
        return right;
    }

    /** True if the output size rounds up (ONNX ceil_mode = 1). */
    public boolean ceilMode() {
        return ceilMode;
    }

    /**
     * True for a square window, one stride, the same padding on every side and floor rounding (and,
     * for an average, padding left out of the count): the geometry {@link #kernel()}, {@link
     * #stride()} and {@link #padding()} describe.
     */
    public boolean isUniform() {
        return kernelH == kernelW
                && strideH == strideW
                && top == left
                && top == bottom
                && top == right
                && !ceilMode;
    }

    private void requireUniform(String what) {
        if (!isUniform()) {
            throw new IllegalStateException(
                    kind()
                            + " has a "
                            + kernelH
                            + "x"
                            + kernelW
                            + " window, strides "
                            + strideH
                            + ","
                            + strideW
                            + ", pads "
                            + top
                            + ","
                            + left
                            + ","
                            + bottom
                            + ","
                            + right
                            + (ceilMode ? ", ceil mode" : "")
                            + "; "
                            + what
                            + "() describes only square uniform windows (read"
                            + " the per-axis getters)");
        }
    }

    /** Window size of a uniform window (see {@link #isUniform()}). */
    public int kernel() {
        requireUniform("kernel");
        return kernelH;
    }

    /** Stride of a uniform window. */
    public int stride() {
        requireUniform("stride");
        return strideH;
    }

    /** Padding on every side of a uniform window. */
    public int padding() {
        requireUniform("padding");
        return top;
    }

    /**
     * The window as IR attributes (kernel, strides and pads per axis, ceil mode) for the int8 forms
     * of the subclasses.
     */
    Attributes int8Window() {
        return Attributes.DEFAULT
                .withKernel(kernelH, kernelW)
                .withStrides(strideH, strideW)
                .withPads(top, left, bottom, right)
                .withCeilMode(ceilMode);
    }

    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        return ChannelFlow.CHANNEL_WISE;
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 1);
        int[] s = expectImage(kind(), inputShapes.get(0), -1);
        int oh = outH(s[1]);
        int ow = outW(s[2]);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(
                    kind()
                            + " window "
                            + kernelH
                            + "x"
                            + kernelW
                            + " does not fit input "
                            + Shapes.str(s));
        }
        return new int[] {s[0], oh, ow};
    }
}
