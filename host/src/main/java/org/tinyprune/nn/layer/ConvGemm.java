package org.tinyprune.nn.layer;

import java.util.Arrays;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Gemm;
import org.tinyprune.nn.kernel.Im2col;
import org.tinyprune.nn.kernel.Parallel;
import org.tinyprune.nn.kernel.Vec;

/**
 * Convolution as im2col + GEMM, one sample per task, per group g. Forward: Y_g = W_g · col(X_g),
 * written straight into the output. Backward: dW_g += dY_g · col(X_g)ᵀ (a GEMM that reduces over
 * output positions), accumulated per fixed chunk of samples and reduced in chunk order
 * (deterministic for any thread count). The input gradient of a stride-1 convolution is itself a
 * convolution, of dY with the spatially flipped, transposed kernel and padding k−1−p, so it runs
 * as im2col + GEMM too (a better GEMM shape than the general path); other strides use
 * dX_g = col2im(W_gᵀ · dY_g). A pointwise (1 × 1, stride 1, no padding) convolution skips im2col:
 * the input planes are the GEMM operand. Unfolded matrices live in per-worker scratch.
 */
final class ConvGemm implements Conv2d.ConvKernel {
    /** Partial weight gradients are kept for at most this many sample chunks. */
    private static final int MAX_CHUNKS = 8;
    private final Conv2d conv;
    private Tensor output;
    private Tensor gradInput;
    /** [chunk][weight index]. */
    private float[][] partialW = new float[0][];
    private float[][] partialB = new float[0][];
    private float[] flipped = new float[0];

    ConvGemm(Conv2d conv) {
        this.conv = conv;
    }

    private boolean pointwise() {
        return conv.kernelH() == 1 && conv.kernelW() == 1 && conv.stride() == 1 && conv.padH() == 0
                && conv.padW() == 0;
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = x.dim(0);
        int cin = conv.inChannels();
        int plane = x.dim(2) * x.dim(3);
        Im2col.Window g = conv.window(x.dim(2), x.dim(3));
        int cout = conv.outChannels();
        int groups = conv.groups();
        int outG = cout / groups;
        int hw = g.cols();
        int rows = g.rows();
        boolean direct = pointwise();
        output = Tensor.reuse(output, n, cout, g.outH(), g.outW());
        float[] xd = x.data();
        float[] yd = output.data();
        float[] wd = conv.weight().values();
        float[] bd = conv.hasBias() ? conv.bias().values() : null;
        Parallel.run(n, (s, worker) -> {
            float[] cols = direct ? xd : Parallel.scratch(worker, 0, rows * hw);
            for (int gi = 0; gi < groups; gi++) {
                int xOff = (s * cin + gi * g.channels()) * plane;
                int yOff = (s * cout + gi * outG) * hw;
                for (int o = 0; o < outG; o++) {
                    Arrays.fill(yd, yOff + o * hw, yOff + (o + 1) * hw, bd == null ? 0f : bd[gi * outG + o]);
                }
                if (!direct) {
                    Im2col.im2col(g, xd, xOff, cols, 0);
                }
                Gemm.nn(outG, hw, rows, wd, gi * outG * rows, rows, 1, cols, direct ? xOff : 0, hw, yd, yOff, hw);
            }
        });
        return output;
    }

    @Override
    public Tensor backward(Tensor x, Tensor gradOutput, boolean needInputGrad) {
        int n = x.dim(0);
        int cin = conv.inChannels();
        int plane = x.dim(2) * x.dim(3);
        Im2col.Window g = conv.window(x.dim(2), x.dim(3));
        int cout = conv.outChannels();
        int groups = conv.groups();
        int outG = cout / groups;
        int inG = g.channels();
        int hw = g.cols();
        int rows = g.rows();
        int chunks = Parallel.chunks(n, MAX_CHUNKS);
        float[] wd = conv.weight().values();
        ensurePartials(chunks, wd.length, cout);
        if (needInputGrad) {
            gradInput = Tensor.reuse(gradInput, x.shape());
        }
        float[] xd = x.data();
        float[] dy = gradOutput.data();
        float[] dx = needInputGrad ? gradInput.data() : null;
        boolean hasBias = conv.hasBias();
        boolean direct = pointwise();
        boolean transposed = needInputGrad && !direct && conv.stride() == 1 && conv.padH() < conv.kernelH()
                && conv.padW() < conv.kernelW();
        Im2col.Window back = transposed ? backWindow(g) : null;
        if (transposed) {
            flipKernel(groups, outG, inG);
        }
        float[] wf = flipped;
        Parallel.run(chunks, (c, worker) -> {
            float[] pw = partialW[c];
            float[] pb = partialB[c];
            Arrays.fill(pw, 0f);
            Arrays.fill(pb, 0f);
            float[] cols = direct ? xd : Parallel.scratch(worker, 0, rows * hw);
            for (int s = Parallel.chunkStart(n, chunks, c); s < Parallel.chunkStart(n, chunks, c + 1); s++) {
                for (int gi = 0; gi < groups; gi++) {
                    int xOff = (s * cin + gi * inG) * plane;
                    int dyOff = (s * cout + gi * outG) * hw;
                    if (hasBias) {
                        for (int o = 0; o < outG; o++) {
                            pb[gi * outG + o] += Vec.sum(dy, dyOff + o * hw, hw);
                        }
                    }
                    if (!direct) {
                        Im2col.im2col(g, xd, xOff, cols, 0);
                    }
                    Gemm.nt(outG, rows, hw, dy, dyOff, hw, cols, direct ? xOff : 0, hw, pw, gi * outG * rows, rows);
                    if (!needInputGrad) {
                        continue;
                    }
                    Arrays.fill(dx, xOff, xOff + inG * plane, 0f);
                    if (direct) {
                        Gemm.nn(inG, plane, outG, wd, gi * outG * rows, 1, rows, dy, dyOff, hw, dx, xOff, plane);
                    } else if (transposed) {
                        float[] dyCols = Parallel.scratch(worker, 1, back.rows() * plane);
                        Im2col.im2col(back, dy, dyOff, dyCols, 0);
                        Gemm.nn(inG, plane, back.rows(), wf, gi * inG * back.rows(), back.rows(), 1, dyCols, 0, plane,
                                dx, xOff, plane);
                    } else {
                        float[] dcol = Parallel.scratch(worker, 1, rows * hw);
                        Arrays.fill(dcol, 0, rows * hw, 0f);
                        Gemm.nn(rows, hw, outG, wd, gi * outG * rows, 1, rows, dy, dyOff, hw, dcol, 0, hw);
                        Im2col.col2im(g, dcol, 0, dx, xOff);
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

    /** The window of the input-gradient convolution over dY (stride 1, padding k−1−p). */
    private Im2col.Window backWindow(Im2col.Window g) {
        int outG = conv.outChannels() / conv.groups();
        return new Im2col.Window(outG, g.outH(), g.outW(), g.kernelH(), g.kernelW(), 1,
                g.kernelH() - 1 - g.padH(), g.kernelW() - 1 - g.padW(), g.height(), g.width());
    }

    /** flipped[g][c][(o·kh + i)·kw + j] = W[g·outG + o][c][kh−1−i][kw−1−j]. */
    private void flipKernel(int groups, int outG, int inG) {
        float[] w = conv.weight().values();
        int kh = conv.kernelH();
        int kw = conv.kernelW();
        if (flipped.length != w.length) {
            flipped = new float[w.length];
        }
        int k = kh * kw;
        for (int gi = 0; gi < groups; gi++) {
            for (int c = 0; c < inG; c++) {
                int dst = (gi * inG + c) * outG * k;
                for (int o = 0; o < outG; o++) {
                    int src = ((gi * outG + o) * inG + c) * k;
                    for (int i = 0; i < kh; i++) {
                        for (int j = 0; j < kw; j++) {
                            flipped[dst + (o * kh + i) * kw + j] = w[src + (kh - 1 - i) * kw + (kw - 1 - j)];
                        }
                    }
                }
            }
        }
    }

    private void ensurePartials(int chunks, int weights, int cout) {
        if (partialW.length < chunks || partialW[0].length != weights) {
            partialW = new float[chunks][weights];
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
