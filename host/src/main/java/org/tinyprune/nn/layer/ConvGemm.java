package org.tinyprune.nn.layer;

import java.util.Arrays;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Gemm;
import org.tinyprune.nn.kernel.Im2col;
import org.tinyprune.nn.kernel.Parallel;
import org.tinyprune.nn.kernel.Vec;

/**
 * Convolution as im2col + GEMM, the general path (strided and pointwise convolutions; other
 * stride-1 ones go through {@link ConvPadded}), one sample per task, per group g. Forward: Y_g =
 * W_g · col(X_g), written straight into the output. Backward: dW_g += dY_g · col(X_g)ᵀ (a GEMM that
 * reduces over output positions), accumulated per fixed chunk of samples ({@link Partials}), and
 * dX_g = col2im(W_gᵀ · dY_g). A pointwise (1 × 1, stride 1, no padding) convolution skips im2col
 * and col2im: the input planes are the GEMM operand and W_gᵀ · dY_g is dX_g. Unfolded matrices live
 * in per-worker scratch.
 */
final class ConvGemm implements Conv2d.ConvKernel {
    /** Partial weight gradients are kept for at most this many sample chunks. */
    static final int MAX_CHUNKS = 8;

    private final Conv2d conv;
    private final Partials partials = new Partials();
    private Tensor output;
    private Tensor gradInput;
    private int[] colRows = new int[0];
    private int[] dyRows = new int[0];

    ConvGemm(Conv2d conv) {
        this.conv = conv;
    }

    /** True for a 1 × 1 convolution with stride 1 and no padding. */
    static boolean pointwise(Conv2d conv) {
        return conv.kernelH() == 1
                && conv.kernelW() == 1
                && conv.stride() == 1
                && conv.padH() == 0
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
        output = Tensor.reuse(output, n, cout, g.outH(), g.outW());
        float[] xd = x.data();
        float[] yd = output.data();
        float[] wd = conv.weight().values();
        float[] bd = conv.hasBias() ? conv.bias().values() : null;
        int[] table = colRows = Gemm.strided(rows, hw, colRows);
        boolean direct = pointwise(conv);
        Parallel.run(
                n,
                (s, worker) -> {
                    float[] cols = direct ? xd : Parallel.scratch(worker, 0, rows * hw);
                    for (int gi = 0; gi < groups; gi++) {
                        int xOff = (s * cin + gi * g.channels()) * plane;
                        int yOff = (s * cout + gi * outG) * hw;
                        for (int o = 0; o < outG; o++) {
                            Arrays.fill(
                                    yd,
                                    yOff + o * hw,
                                    yOff + (o + 1) * hw,
                                    bd == null ? 0f : bd[gi * outG + o]);
                        }
                        if (!direct) {
                            Im2col.im2col(g, xd, xOff, cols, 0, hw);
                        }
                        Gemm.nn(
                                outG,
                                hw,
                                rows,
                                wd,
                                gi * outG * rows,
                                rows,
                                1,
                                cols,
                                direct ? xOff : 0,
                                table,
                                yd,
                                yOff,
                                hw);
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
        partials.ensure(chunks, wd.length, cout);
        if (needInputGrad) {
            gradInput = Tensor.reuse(gradInput, x.shape());
        }
        float[] xd = x.data();
        float[] dy = gradOutput.data();
        float[] dx = needInputGrad ? gradInput.data() : null;
        boolean hasBias = conv.hasBias();
        boolean direct = pointwise(conv);
        // the weight-gradient GEMM reduces over hwPad: dY and the unfolded input are copied into
        // rows
        // of whole vectors, zero past hw, so that it needs no scalar tail (pointwise reads x as is)
        int hwPad = Gemm.roundUp(hw);
        int ld = direct ? hw : hwPad;
        int[] cTable = colRows = Gemm.strided(rows, ld, colRows);
        int[] dTable = dyRows = Gemm.strided(outG, hw, dyRows);
        Parallel.run(
                chunks,
                (c, worker) -> {
                    float[] pw = partials.weight(c);
                    float[] pb = partials.bias(c);
                    float[] cols = direct ? xd : Parallel.scratch(worker, 0, rows * hwPad);
                    float[] dyRow = direct ? dy : Parallel.scratch(worker, 2, outG * hwPad);
                    if (!direct) {
                        Arrays.fill(cols, 0, rows * hwPad, 0f);
                        Arrays.fill(dyRow, 0, outG * hwPad, 0f);
                    }
                    for (int s = Parallel.chunkStart(n, chunks, c);
                            s < Parallel.chunkStart(n, chunks, c + 1);
                            s++) {
                        for (int gi = 0; gi < groups; gi++) {
                            int xOff = (s * cin + gi * inG) * plane;
                            int dyOff = (s * cout + gi * outG) * hw;
                            if (hasBias) {
                                for (int o = 0; o < outG; o++) {
                                    pb[gi * outG + o] += Vec.sum(dy, dyOff + o * hw, hw);
                                }
                            }
                            if (!direct) {
                                Im2col.im2col(g, xd, xOff, cols, 0, hwPad);
                                for (int o = 0; o < outG; o++) {
                                    System.arraycopy(dy, dyOff + o * hw, dyRow, o * hwPad, hw);
                                }
                            }
                            Gemm.nt(
                                    outG,
                                    rows,
                                    ld,
                                    dyRow,
                                    direct ? dyOff : 0,
                                    ld,
                                    cols,
                                    direct ? xOff : 0,
                                    cTable,
                                    pw,
                                    gi * outG * rows,
                                    rows);
                            if (needInputGrad && direct) {
                                Arrays.fill(dx, xOff, xOff + inG * plane, 0f);
                                Gemm.nn(
                                        rows,
                                        hw,
                                        outG,
                                        wd,
                                        gi * outG * rows,
                                        1,
                                        rows,
                                        dy,
                                        dyOff,
                                        dTable,
                                        dx,
                                        xOff,
                                        hw);
                            } else if (needInputGrad) {
                                float[] dcol = Parallel.scratch(worker, 1, rows * hw);
                                Arrays.fill(dcol, 0, rows * hw, 0f);
                                Gemm.nn(
                                        rows,
                                        hw,
                                        outG,
                                        wd,
                                        gi * outG * rows,
                                        1,
                                        rows,
                                        dy,
                                        dyOff,
                                        dTable,
                                        dcol,
                                        0,
                                        hw);
                                Arrays.fill(dx, xOff, xOff + inG * plane, 0f);
                                Im2col.col2im(g, dcol, 0, dx, xOff);
                            }
                        }
                    }
                });
        partials.reduceInto(chunks, conv.weight().grads(), hasBias ? conv.bias().grads() : null);
        return needInputGrad ? gradInput : null;
    }
}
