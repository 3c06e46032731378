package org.tinyprune.nn.layer;

import java.util.Arrays;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Gemm;
import org.tinyprune.nn.kernel.Im2col;
import org.tinyprune.nn.kernel.Parallel;

/**
 * Convolution as im2col + GEMM, one sample per task, per group g. Forward: Y_g = W_g · col(X_g).
 * Backward: dW_g += dY_g · col(X_g)ᵀ, accumulated per fixed chunk of samples and reduced in chunk
 * order (deterministic for any thread count). The input gradient of a stride-1 convolution is
 * itself a convolution, of dY with the spatially flipped, transposed kernel and padding k−1−p, so
 * it runs as im2col + GEMM too (a better GEMM shape than the general path); other strides use
 * dX_g = col2im(W_gᵀ · dY_g). Matrices that feed {@link Gemm#rows} live in per-worker row-array
 * scratch.
 */
final class ConvGemm implements Conv2d.ConvKernel {
    /** Partial weight gradients are kept for at most this many sample chunks. */
    private static final int MAX_CHUNKS = 8;
    private final Conv2d conv;
    private Tensor output;
    private Tensor gradInput;
    /** [chunk][group][out channel of group][patch row]. */
    private float[][][][] partialW = new float[0][][][];
    private float[][] partialB = new float[0][];
    private float[] flipped = new float[0];

    ConvGemm(Conv2d conv) {
        this.conv = conv;
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
        output = Tensor.reuse(output, n, cout, g.outH(), g.outW());
        float[] xd = x.data();
        float[] yd = output.data();
        float[] wd = conv.weight().values();
        float[] bd = conv.hasBias() ? conv.bias().values() : null;
        Parallel.run(n, (s, worker) -> {
            float[][] cols = Parallel.rows(worker, 0, rows, hw);
            float[][] out = Parallel.rows(worker, 1, outG, hw);
            for (int gi = 0; gi < groups; gi++) {
                Im2col.im2col(g, xd, (s * cin + gi * g.channels()) * plane, cols);
                Gemm.zero(out, outG, hw);
                Gemm.rows(outG, hw, rows, wd, gi * outG * rows, rows, 1, cols, out);
                for (int o = 0; o < outG; o++) {
                    int yOff = (s * cout + gi * outG + o) * hw;
                    float b = bd == null ? 0f : bd[gi * outG + o];
                    float[] row = out[o];
                    for (int j = 0; j < hw; j++) {
                        yd[yOff + j] = row[j] + b;
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
        int plane = x.dim(2) * x.dim(3);
        Im2col.Window g = conv.window(x.dim(2), x.dim(3));
        int cout = conv.outChannels();
        int groups = conv.groups();
        int outG = cout / groups;
        int hw = g.cols();
        int rows = g.rows();
        int chunks = Parallel.chunks(n, MAX_CHUNKS);
        ensurePartials(chunks, groups, outG, rows, cout);
        if (needInputGrad) {
            gradInput = Tensor.reuse(gradInput, x.shape());
        }
        float[] xd = x.data();
        float[] dy = gradOutput.data();
        float[] dx = needInputGrad ? gradInput.data() : null;
        float[] wd = conv.weight().values();
        boolean hasBias = conv.hasBias();
        boolean transposed = needInputGrad && conv.stride() == 1 && conv.padH() < conv.kernelH()
                && conv.padW() < conv.kernelW();
        Im2col.Window back = transposed ? backWindow(g) : null;
        if (transposed) {
            flipKernel(groups, outG, g.channels());
        }
        float[] wf = flipped;
        Parallel.run(chunks, (c, worker) -> {
            float[] pb = partialB[c];
            Arrays.fill(pb, 0f);
            for (float[][] group : partialW[c]) {
                Gemm.zero(group, outG, rows);
            }
            float[][] colT = Parallel.rows(worker, 0, hw, rows);
            float[][] dyRows = Parallel.rows(worker, 1, outG, hw);
            for (int s = Parallel.chunkStart(n, chunks, c); s < Parallel.chunkStart(n, chunks, c + 1); s++) {
                if (needInputGrad && !transposed) {
                    Arrays.fill(dx, s * cin * plane, (s + 1) * cin * plane, 0f);
                }
                for (int gi = 0; gi < groups; gi++) {
                    int xOff = (s * cin + gi * g.channels()) * plane;
                    int dyOff = (s * cout + gi * outG) * hw;
                    for (int o = 0; o < outG; o++) {
                        float[] row = dyRows[o];
                        System.arraycopy(dy, dyOff + o * hw, row, 0, hw);
                        if (hasBias) {
                            float sum = 0f;
                            for (int j = 0; j < hw; j++) {
                                sum += row[j];
                            }
                            pb[gi * outG + o] += sum;
                        }
                    }
                    Im2col.im2colT(g, xd, xOff, Parallel.rows(worker, 2, rows, hw), colT);
                    Gemm.rows(outG, rows, hw, dy, dyOff, hw, 1, colT, partialW[c][gi]);
                    if (transposed) {
                        float[][] dyCols = Parallel.rows(worker, 2, back.rows(), plane);
                        float[][] dxRows = Parallel.rows(worker, 3, g.channels(), plane);
                        Im2col.im2col(back, dy, dyOff, dyCols);
                        Gemm.zero(dxRows, g.channels(), plane);
                        Gemm.rows(g.channels(), plane, back.rows(), wf, gi * g.channels() * back.rows(), back.rows(), 1,
                                dyCols, dxRows);
                        for (int ch = 0; ch < g.channels(); ch++) {
                            System.arraycopy(dxRows[ch], 0, dx, xOff + ch * plane, plane);
                        }
                    } else if (needInputGrad) {
                        float[][] dcol = Parallel.rows(worker, 2, rows, hw);
                        Gemm.zero(dcol, rows, hw);
                        Gemm.rows(rows, hw, outG, wd, gi * outG * rows, 1, rows, dyRows, dcol);
                        Im2col.col2im(g, dcol, dx, xOff);
                    }
                }
            }
        });
        float[] gw = conv.weight().grads();
        for (int c = 0; c < chunks; c++) {
            for (int gi = 0; gi < groups; gi++) {
                for (int o = 0; o < outG; o++) {
                    float[] p = partialW[c][gi][o];
                    int off = (gi * outG + o) * rows;
                    for (int r = 0; r < rows; r++) {
                        gw[off + r] += p[r];
                    }
                }
            }
        }
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

    private void ensurePartials(int chunks, int groups, int outG, int rows, int cout) {
        if (partialW.length < chunks || partialW[0].length != groups || partialW[0][0].length != outG
                || partialW[0][0][0].length != rows) {
            partialW = new float[chunks][groups][outG][rows];
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
