package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Tensor;

/**
 * Average pooling (ONNX AveragePool). The divisor counts the window's positions inside the input
 * ({@code count_include_pad = 0}, the default) or, with {@link #countIncludePad()}, the whole
 * window, as ONNX Runtime does even for a ceil-mode window that overhangs the end padding (PyTorch
 * would count only up to the end of the padding there). Window geometry: {@link Pool2d}.
 */
public final class AvgPool2d extends Pool2d implements Int8Form {
    private final boolean countIncludePad;
    private Tensor output;
    private Tensor gradInput;

    /**
     * Average pooling with a square window, the same padding on every side, padding not counted.
     */
    public AvgPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
        this.countIncludePad = false;
    }

    /**
     * Average pooling with any window (see {@link Pool2d}); {@code inH}, {@code inW} (or -1) let a
     * ceil mode that changes nothing be stored as floor. Without padding, counting it changes
     * nothing and is stored as false.
     */
    public AvgPool2d(
            int kernelH,
            int kernelW,
            int strideH,
            int strideW,
            int top,
            int left,
            int bottom,
            int right,
            boolean ceilMode,
            boolean countIncludePad,
            int inH,
            int inW) {
        super(kernelH, kernelW, strideH, strideW, top, left, bottom, right, ceilMode, inH, inW);
        this.countIncludePad = countIncludePad && (top > 0 || left > 0 || bottom > 0 || right > 0);
    }

    @Override
    public String kind() {
        return "AvgPool2d";
    }

    /** Whether padded positions count towards the average (ONNX count_include_pad). */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    /** Also requires padding left out of the count. */
    @Override
    public boolean isUniform() {
        return super.isUniform() && !countIncludePad;
    }

    /** The divisor of output position (i, j) over an h × w input. */
    private int count(int i, int j, int h, int w) {
        if (countIncludePad) {
            return kernelH * kernelW;
        }
        int r0 = i * strideH - top;
        int c0 = j * strideW - left;
        return (Math.min(r0 + kernelH, h) - Math.max(r0, 0))
                * (Math.min(c0 + kernelW, w) - Math.max(c0, 0));
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = outH(h);
        int ow = outW(w);
        output = Tensor.reuse(output, x.dim(0), x.dim(1), oh, ow);
        float[] xd = x.data();
        float[] yd = output.data();
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                int h0 = Math.max(i * strideH - top, 0);
                int h1 = Math.min(i * strideH - top + kernelH, h);
                for (int j = 0; j < ow; j++) {
                    int w0 = Math.max(j * strideW - left, 0);
                    int w1 = Math.min(j * strideW - left + kernelW, w);
                    float sum = 0f;
                    for (int ih = h0; ih < h1; ih++) {
                        for (int iw = w0; iw < w1; iw++) {
                            sum += xd[(p * h + ih) * w + iw];
                        }
                    }
                    yd[(p * oh + i) * ow + j] = sum / count(i, j, h, w);
                }
            }
        }
        return output;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor x = inputs[0];
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = gradOutput.dim(2);
        int ow = gradOutput.dim(3);
        gradInput = Tensor.reuse(gradInput, x.shape());
        gradInput.zero();
        float[] dx = gradInput.data();
        float[] dy = gradOutput.data();
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                int h0 = Math.max(i * strideH - top, 0);
                int h1 = Math.min(i * strideH - top + kernelH, h);
                for (int j = 0; j < ow; j++) {
                    int w0 = Math.max(j * strideW - left, 0);
                    int w1 = Math.min(j * strideW - left + kernelW, w);
                    float g = dy[(p * oh + i) * ow + j] / count(i, j, h, w);
                    for (int ih = h0; ih < h1; ih++) {
                        for (int iw = w0; iw < w1; iw++) {
                            dx[(p * h + ih) * w + iw] += g;
                        }
                    }
                }
            }
        }
        return new Tensor[] {gradInput};
    }

    /**
     * int8 AVG_POOL over the same window, padding counted or not; it averages codes, so it keeps
     * its input's quantisation.
     *
     * @throws IllegalArgumentException for a ceil-mode window counting its padding whose last
     *     window runs past the end padding: the int8 kernel then divides by the taps up to the end
     *     of the padding, this layer (as ONNX Runtime) by the whole window
     */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        if (countIncludePad
                && (overhangs(s[1], kernelH, strideH, top, bottom, outH(s[1]))
                        || overhangs(s[2], kernelW, strideW, left, right, outW(s[2])))) {
            throw new IllegalArgumentException(
                    "its last ceil-mode window runs past the end padding while padding "
                            + "counts in the average (count_include_pad = 1): the int8 kernel divides by the taps up to the"
                            + " end of the padding, ONNX Runtime by the whole window; re-export with ceil_mode = 0 or "
                            + "count_include_pad = 0");
        }
        return Lowering.passThrough(
                OpKind.AVG_POOL, int8Window().withCountIncludePad(countIncludePad));
    }

    /**
     * True when the last of {@code out} windows along an axis of {@code n} reaches past the end
     * padding.
     */
    private static boolean overhangs(int n, int k, int s, int padBegin, int padEnd, int out) {
        return (out - 1) * s - padBegin + k > n + padEnd;
    }
}
