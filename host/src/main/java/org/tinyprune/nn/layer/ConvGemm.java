package org.tinyprune.nn.layer;

import java.util.Arrays;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Gemm;
import org.tinyprune.nn.kernel.Im2col;
import org.tinyprune.nn.kernel.Parallel;

/**
 * Convolution as im2col + GEMM, one sample per task, per group g. Forward: Y_g = W_g · col(X_g).
 * Backward: dW_g += dY_g · col(X_g)ᵀ, accumulated per fixed chunk of samples and reduced in chunk
 * order (deterministic for any thread count); dX_g = col2im(W_gᵀ · dY_g). Matrices that feed
 * {@link Gemm#rows} live in per-worker row-array scratch.
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
        Parallel.run(chunks, (c, worker) -> {
            float[] pb = partialB[c];
            Arrays.fill(pb, 0f);
            for (float[][] group : partialW[c]) {
                Gemm.zero(group, outG, rows);
            }
            float[][] colT = Parallel.rows(worker, 0, hw, rows);
            float[][] dyRows = Parallel.rows(worker, 1, outG, hw);
            float[][] dcol = Parallel.rows(worker, 2, rows, hw);
            for (int s = Parallel.chunkStart(n, chunks, c); s < Parallel.chunkStart(n, chunks, c + 1); s++) {
                if (needInputGrad) {
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
                    Im2col.im2colT(g, xd, xOff, colT);
                    Gemm.rows(outG, rows, hw, dy, dyOff, hw, 1, colT, partialW[c][gi]);
                    if (needInputGrad) {
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
