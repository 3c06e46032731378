package org.tinyprune.nn.layer;

import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Gemm;
import org.tinyprune.nn.kernel.Im2col;
import org.tinyprune.nn.kernel.Parallel;

/**
 * Convolution as im2col + GEMM, one sample per task. Forward: Y_g = W_g · col(X_g). Backward:
 * dW_g += dY_g · col(X_g)ᵀ (per chunk of samples, reduced in chunk order), dcol = W_gᵀ · dY_g folded
 * back with col2im. A 1×1, stride-1, unpadded convolution skips the unfolding.
 */
final class ConvGemm implements Conv2d.ConvKernel {
    /** Partial weight gradients are kept for at most this many sample chunks. */
    private static final int MAX_CHUNKS = 8;
    private final Conv2d conv;
    private Tensor output;
    private Tensor gradInput;
    private float[][] partialW = new float[0][];
    private float[][] partialB = new float[0][];

    ConvGemm(Conv2d conv) {
        this.conv = conv;
    }

    private boolean pointwise() {
        return conv.kernelH() == 1 && conv.kernelW() == 1 && conv.stride() == 1
                && conv.padH() == 0 && conv.padW() == 0;
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = x.dim(0);
        int cin = conv.inChannels();
        int h = x.dim(2);
        int w = x.dim(3);
        Im2col.Window g = conv.window(h, w);
        int cout = conv.outChannels();
        int groups = conv.groups();
        int outG = cout / groups;
        int hw = g.cols();
        int rows = g.rows();
        output = Tensor.reuse(output, n, cout, g.outH(), g.outW());
        float[] xd = x.data();
        float[] yd = output.data();
        float[] wd = conv.weight().values();
        float[] bd = conv.hasBias() ? conv.bias().values() : null;
        boolean direct = pointwise();
        Parallel.run(n, (s, worker) -> {
            for (int gi = 0; gi < groups; gi++) {
                int xOff = (s * cin + gi * g.channels()) * h * w;
                float[] col;
                int colOff;
                if (direct) {
                    col = xd;
                    colOff = xOff;
                } else {
                    col = Parallel.scratch(worker, 0, rows * hw);
                    colOff = 0;
                    Im2col.im2col(g, xd, xOff, col);
                }
                int yOff = (s * cout + gi * outG) * hw;
                Gemm.nn(outG, hw, rows, wd, gi * outG * rows, rows, col, colOff, hw, yd, yOff, hw, false);
                if (bd != null) {
                    for (int o = 0; o < outG; o++) {
                        float b = bd[gi * outG + o];
                        int off = yOff + o * hw;
                        for (int j = 0; j < hw; j++) {
                            yd[off + j] += b;
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
        int cin = conv.inChannels();
        int h = x.dim(2);
        int w = x.dim(3);
        Im2col.Window g = conv.window(h, w);
        int cout = conv.outChannels();
        int groups = conv.groups();
        int outG = cout / groups;
        int hw = g.cols();
        int rows = g.rows();
        int chunks = Parallel.chunks(n, MAX_CHUNKS);
        float[] wd = conv.weight().values();
        int wSize = wd.length;
        ensurePartials(chunks, wSize, cout);
        if (needInputGrad) {
            gradInput = Tensor.reuse(gradInput, x.shape());
        }
        float[] xd = x.data();
        float[] dy = gradOutput.data();
        float[] dx = needInputGrad ? gradInput.data() : null;
        boolean direct = pointwise();
        boolean hasBias = conv.hasBias();
        Parallel.run(chunks, (c, worker) -> {
            float[] pw = partialW[c];
            java.util.Arrays.fill(pw, 0f);
            float[] pb = partialB[c];
            java.util.Arrays.fill(pb, 0f);
            float[] colT = Parallel.scratch(worker, 1, rows * hw);
            for (int s = Parallel.chunkStart(n, chunks, c); s < Parallel.chunkStart(n, chunks, c + 1); s++) {
                if (needInputGrad) {
                    java.util.Arrays.fill(dx, s * cin * h * w, (s + 1) * cin * h * w, 0f);
                }
                for (int gi = 0; gi < groups; gi++) {
                    int xOff = (s * cin + gi * g.channels()) * h * w;
                    int dyOff = (s * cout + gi * outG) * hw;
                    Im2col.im2colT(g, xd, xOff, colT);
                    Gemm.nn(outG, rows, hw, dy, dyOff, hw, colT, 0, rows, pw, gi * outG * rows, rows, true);
                    if (hasBias) {
                        for (int o = 0; o < outG; o++) {
                            float sum = 0f;
                            int off = dyOff + o * hw;
                            for (int j = 0; j < hw; j++) {
                                sum += dy[off + j];
                            }
                            pb[gi * outG + o] += sum;
                        }
                    }
                    if (needInputGrad) {
                        if (direct) {
                            Gemm.tn(rows, hw, outG, wd, gi * outG * rows, rows, dy, dyOff, hw, dx, xOff, hw, false);
                        } else {
                            float[] dcol = Parallel.scratch(worker, 2, rows * hw);
                            Gemm.tn(rows, hw, outG, wd, gi * outG * rows, rows, dy, dyOff, hw, dcol, 0, hw, false);
                            Im2col.col2im(g, dcol, dx, xOff);
                        }
                    }
                }
            }
        });
        reduce(chunks, partialW, conv.weight().grads());
        if (hasBias) {
            reduce(chunks, partialB, conv.bias().grads());
        }
        return needInputGrad ? gradInput : null;
    }

    private void ensurePartials(int chunks, int wSize, int cout) {
        if (partialW.length < chunks || partialW[0].length != wSize) {
            partialW = new float[chunks][wSize];
            partialB = new float[chunks][cout];
        }
    }

    /** grads += sum of the first {@code chunks} partials, added in chunk order. */
    static void reduce(int chunks, float[][] partials, float[] grads) {
        for (int c = 0; c < chunks; c++) {
            float[] p = partials[c];
            for (int i = 0; i < grads.length; i++) {
                grads[i] += p[i];
            }
        }
    }
}
