package org.tinyprune.nn.layer;

import java.util.Arrays;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Im2col;
import org.tinyprune.nn.kernel.Parallel;

/**
 * Depthwise convolution (one filter per channel) as direct loops: for each kernel tap, a shifted
 * multiply-add over the valid output columns, which C2 vectorises at stride 1.
 */
final class ConvDepthwise implements Conv2d.ConvKernel {
    private static final int MAX_CHUNKS = 8;
    private final Conv2d conv;
    private Tensor output;
    private Tensor gradInput;
    private float[][] partialW = new float[0][];
    private float[][] partialB = new float[0][];

    ConvDepthwise(Conv2d conv) {
        this.conv = conv;
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = x.dim(0);
        int ch = conv.inChannels();
        Im2col.Window g = conv.window(x.dim(2), x.dim(3));
        output = Tensor.reuse(output, n, ch, g.outH(), g.outW());
        float[] xd = x.data();
        float[] yd = output.data();
        float[] wd = conv.weight().values();
        float[] bd = conv.hasBias() ? conv.bias().values() : null;
        int kh = g.kernelH();
        int kw = g.kernelW();
        int inPlane = g.height() * g.width();
        int outPlane = g.cols();
        if (g.stride() == 1) {
            Im2col.Window g1 = DepthwiseRows.plane(g);
            Parallel.run(n, (s, worker) -> {
                float[][] cols = Parallel.rows(worker, 0, kh * kw, outPlane);
                float[] row = Parallel.rows(worker, 1, 1, outPlane)[0];
                for (int c = 0; c < ch; c++) {
                    Im2col.im2col(g1, xd, (s * ch + c) * inPlane, cols);
                    DepthwiseRows.forward(kh * kw, outPlane, wd, c * kh * kw, bd == null ? 0f : bd[c], cols, row, yd,
                            (s * ch + c) * outPlane);
                }
            });
            return output;
        }
        Parallel.run(n, (s, worker) -> {
            for (int c = 0; c < ch; c++) {
                int xo = (s * ch + c) * inPlane;
                int yo = (s * ch + c) * outPlane;
                Arrays.fill(yd, yo, yo + outPlane, bd == null ? 0f : bd[c]);
                for (int oh = 0; oh < g.outH(); oh++) {
                    int yr = yo + oh * g.outW();
                    for (int ki = 0; ki < kh; ki++) {
                        int ih = oh * g.stride() - g.padH() + ki;
                        if (ih < 0 || ih >= g.height()) {
                            continue;
                        }
                        int xr = xo + ih * g.width() - g.padW();
                        for (int kj = 0; kj < kw; kj++) {
                            float wv = wd[(c * kh + ki) * kw + kj];
                            int st = g.stride();
                            for (int ow = g.colStart(kj), end = g.colEnd(kj); ow < end; ow++) {
                                yd[yr + ow] += wv * xd[xr + ow * st + kj];
                            }
                        }
                    }
                }
            }
        });
        return output;
    }

    @Override
    public Tensor backward(Tensor x, Tensor gradOutput, boolean needInputGrad) {
        int n = x.dim(0);
        int ch = conv.inChannels();
        Im2col.Window g = conv.window(x.dim(2), x.dim(3));
        int chunks = Parallel.chunks(n, MAX_CHUNKS);
        float[] wd = conv.weight().values();
        if (partialW.length < chunks || partialW[0].length != wd.length) {
            partialW = new float[chunks][wd.length];
            partialB = new float[chunks][ch];
        }
        if (needInputGrad) {
            gradInput = Tensor.reuse(gradInput, x.shape());
        }
        float[] xd = x.data();
        float[] dy = gradOutput.data();
        float[] dx = needInputGrad ? gradInput.data() : null;
        int kh = g.kernelH();
        int kw = g.kernelW();
        int inPlane = g.height() * g.width();
        int outPlane = g.cols();
        int st = g.stride();
        Parallel.run(chunks, (c, worker) -> {
            float[] pw = partialW[c];
            float[] pb = partialB[c];
            Arrays.fill(pw, 0f);
            Arrays.fill(pb, 0f);
            for (int s = Parallel.chunkStart(n, chunks, c); s < Parallel.chunkStart(n, chunks, c + 1); s++) {
                if (st == 1) {
                    rowsBackward(g, s, ch, xd, dy, dx, wd, pw, pb, worker);
                    continue;
                }
                for (int k = 0; k < ch; k++) {
                    int xo = (s * ch + k) * inPlane;
                    int yo = (s * ch + k) * outPlane;
                    if (needInputGrad) {
                        Arrays.fill(dx, xo, xo + inPlane, 0f);
                    }
                    float bsum = 0f;
                    for (int j = 0; j < outPlane; j++) {
                        bsum += dy[yo + j];
                    }
                    pb[k] += bsum;
                    for (int oh = 0; oh < g.outH(); oh++) {
                        int yr = yo + oh * g.outW();
                        for (int ki = 0; ki < kh; ki++) {
                            int ih = oh * st - g.padH() + ki;
                            if (ih < 0 || ih >= g.height()) {
                                continue;
                            }
                            int xr = xo + ih * g.width() - g.padW();
                            for (int kj = 0; kj < kw; kj++) {
                                int wi = (k * kh + ki) * kw + kj;
                                float wv = wd[wi];
                                float acc = 0f;
                                int end = g.colEnd(kj);
                                for (int ow = g.colStart(kj); ow < end; ow++) {
                                    acc += dy[yr + ow] * xd[xr + ow * st + kj];
                                }
                                pw[wi] += acc;
                                if (needInputGrad) {
                                    for (int ow = g.colStart(kj); ow < end; ow++) {
                                        dx[xr + ow * st + kj] += wv * dy[yr + ow];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
        ConvGemm.reduce(chunks, partialW, conv.weight().grads());
        if (conv.hasBias()) {
            ConvGemm.reduce(chunks, partialB, conv.bias().grads());
        }
        return needInputGrad ? gradInput : null;
    }

    /** Stride-1 backward of one sample through {@link DepthwiseRows} (vectorised). */
    private static void rowsBackward(Im2col.Window g, int s, int ch, float[] xd, float[] dy, float[] dx, float[] wd,
                                     float[] pw, float[] pb, int worker) {
        int taps = g.kernelH() * g.kernelW();
        int inPlane = g.height() * g.width();
        int outPlane = g.cols();
        Im2col.Window g1 = DepthwiseRows.plane(g);
        Im2col.Window gb = DepthwiseRows.back(g);
        float[][] cols = Parallel.rows(worker, 0, taps, Math.max(outPlane, inPlane));
        float[] dyRow = Parallel.rows(worker, 1, 1, outPlane)[0];
        float[] row = Parallel.rows(worker, 2, 1, Math.max(outPlane, inPlane))[0];
        for (int k = 0; k < ch; k++) {
            int xo = (s * ch + k) * inPlane;
            int yo = (s * ch + k) * outPlane;
            System.arraycopy(dy, yo, dyRow, 0, outPlane);
            float bsum = 0f;
            for (int j = 0; j < outPlane; j++) {
                bsum += dyRow[j];
            }
            pb[k] += bsum;
            Im2col.im2col(g1, xd, xo, cols);
            DepthwiseRows.weightGrad(taps, outPlane, dyRow, cols, pw, k * taps);
            if (dx != null) {
                Im2col.im2col(gb, dy, yo, cols);
                DepthwiseRows.inputGrad(taps, inPlane, wd, k * taps, cols, row, dx, xo);
            }
        }
    }
}
