package org.tinyprune.nn.layer;

import java.util.Arrays;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Gemm;
import org.tinyprune.nn.kernel.Padded;
import org.tinyprune.nn.kernel.Parallel;
import org.tinyprune.nn.kernel.Vec;

/**
 * Stride-1 convolution (padding smaller than the kernel, kernel larger than 1 × 1) as GEMMs over a
 * zero-padded copy of the input ({@link Padded}), without im2col: the B operand's rows are the
 * padded planes read at the kernel taps' shifts. Per sample and group g:
 *
 * <ul>
 *   <li>forward: Y_g = W_g · X̃_g over padded rows, then the valid columns are copied out;
 *   <li>weight gradient: dW_g += dỸ_g · X̃_gᵀ, with dỸ the output gradient spread onto padded rows
 *       (zero in the discarded columns), reduced over whole vectors;
 *   <li>input gradient: the convolution of dY, padded by k−1−p, with the spatially flipped,
 *       transposed kernel.
 * </ul>
 *
 * Parameter gradients accumulate per fixed chunk of samples ({@link Partials}).
 */
final class ConvPadded implements Conv2d.ConvKernel {
    private final Conv2d conv;
    private final Partials partials = new Partials();
    private Tensor output;
    private Tensor gradInput;
    private int[] inRows = new int[0];
    private int[] backRows = new int[0];
    private float[] flipped = new float[0];

    ConvPadded(Conv2d conv) {
        this.conv = conv;
    }

    /**
     * True if {@code conv} has stride 1, padding below the kernel size on both axes, and is not
     * pointwise (which {@link ConvGemm} runs on the input planes as they are, with no copy).
     */
    static boolean fits(Conv2d conv) {
        return conv.stride() == 1
                && conv.padH() < conv.kernelH()
                && conv.padW() < conv.kernelW()
                && !ConvGemm.pointwise(conv);
    }

    private Padded input(Tensor x) {
        return Padded.of(
                conv.inChannels() / conv.groups(),
                x.dim(2),
                x.dim(3),
                conv.padH(),
                conv.padW(),
                conv.kernelH(),
                conv.kernelW());
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = x.dim(0);
        Padded pin = input(x);
        int groups = conv.groups();
        int inG = pin.channels();
        int cout = conv.outChannels();
        int outG = cout / groups;
        int rows = pin.unfoldedRows();
        int plane = x.dim(2) * x.dim(3);
        int hw = pin.outH() * pin.outW();
        int span = pin.spanPadded();
        output = Tensor.reuse(output, n, cout, pin.outH(), pin.outW());
        float[] xd = x.data();
        float[] yd = output.data();
        float[] wd = conv.weight().values();
        float[] bd = conv.hasBias() ? conv.bias().values() : null;
        int[] table = inRows = pin.rows(inRows);
        Parallel.run(
                n,
                (s, worker) -> {
                    float[] xp = Parallel.scratch(worker, 0, pin.size());
                    float[] out = Parallel.scratch(worker, 1, outG * span);
                    Arrays.fill(xp, 0, pin.size(), 0f);
                    for (int gi = 0; gi < groups; gi++) {
                        pin.pad(xd, (s * conv.inChannels() + gi * inG) * plane, xp);
                        for (int o = 0; o < outG; o++) {
                            Arrays.fill(
                                    out,
                                    o * span,
                                    (o + 1) * span,
                                    bd == null ? 0f : bd[gi * outG + o]);
                        }
                        Gemm.nn(
                                outG,
                                span,
                                rows,
                                wd,
                                gi * outG * rows,
                                rows,
                                1,
                                xp,
                                0,
                                table,
                                out,
                                0,
                                span);
                        pin.extract(out, outG, yd, (s * cout + gi * outG) * hw);
                    }
                });
        return output;
    }

    @Override
    public Tensor backward(Tensor x, Tensor gradOutput, boolean needInputGrad) {
        int kh = conv.kernelH();
        int kw = conv.kernelW();
        int n = x.dim(0);
        Padded pin = input(x);
        int rows = pin.unfoldedRows();
        int groups = conv.groups();
        int inG = pin.channels();
        int cout = conv.outChannels();
        int outG = cout / groups;
        int plane = x.dim(2) * x.dim(3);
        int hw = pin.outH() * pin.outW();
        int span = pin.spanPadded();
        Padded pdy =
                Padded.of(
                        outG,
                        pin.outH(),
                        pin.outW(),
                        kh - 1 - conv.padH(),
                        kw - 1 - conv.padW(),
                        kh,
                        kw);
        int backSpan = pdy.spanPadded();
        int chunks = Parallel.chunks(n, ConvGemm.MAX_CHUNKS);
        float[] wd = conv.weight().values();
        partials.ensure(chunks, wd.length, cout);
        if (needInputGrad) {
            gradInput = Tensor.reuse(gradInput, x.shape());
            flipKernel(groups, outG, inG);
        }
        float[] xd = x.data();
        float[] dy = gradOutput.data();
        float[] dx = needInputGrad ? gradInput.data() : null;
        float[] wf = flipped;
        boolean hasBias = conv.hasBias();
        int[] table = inRows = pin.rows(inRows);
        int[] back = backRows = pdy.rows(backRows);
        Parallel.run(
                chunks,
                (c, worker) -> {
                    float[] pw = partials.weight(c);
                    float[] pb = partials.bias(c);
                    float[] xp = Parallel.scratch(worker, 0, pin.size());
                    float[] dySpan = Parallel.scratch(worker, 1, outG * span);
                    float[] dyp = needInputGrad ? Parallel.scratch(worker, 2, pdy.size()) : null;
                    float[] dxSpan =
                            needInputGrad ? Parallel.scratch(worker, 3, inG * backSpan) : null;
                    Arrays.fill(xp, 0, pin.size(), 0f);
                    Arrays.fill(dySpan, 0, outG * span, 0f);
                    if (needInputGrad) {
                        Arrays.fill(dyp, 0, pdy.size(), 0f);
                    }
                    for (int s = Parallel.chunkStart(n, chunks, c);
                            s < Parallel.chunkStart(n, chunks, c + 1);
                            s++) {
                        for (int gi = 0; gi < groups; gi++) {
                            int xOff = (s * conv.inChannels() + gi * inG) * plane;
                            int dyOff = (s * cout + gi * outG) * hw;
                            if (hasBias) {
                                for (int o = 0; o < outG; o++) {
                                    pb[gi * outG + o] += Vec.sum(dy, dyOff + o * hw, hw);
                                }
                            }
                            pin.pad(xd, xOff, xp);
                            pin.spread(dy, dyOff, outG, dySpan);
                            Gemm.nt(
                                    outG,
                                    rows,
                                    span,
                                    dySpan,
                                    0,
                                    span,
                                    xp,
                                    0,
                                    table,
                                    pw,
                                    gi * outG * rows,
                                    rows);
                            if (needInputGrad) {
                                pdy.pad(dy, dyOff, dyp);
                                Arrays.fill(dxSpan, 0, inG * backSpan, 0f);
                                Gemm.nn(
                                        inG,
                                        backSpan,
                                        outG * kh * kw,
                                        wf,
                                        gi * inG * outG * kh * kw,
                                        outG * kh * kw,
                                        1,
                                        dyp,
                                        0,
                                        back,
                                        dxSpan,
                                        0,
                                        backSpan);
                                pdy.extract(dxSpan, inG, dx, xOff);
                            }
                        }
                    }
                });
        partials.reduceInto(chunks, conv.weight().grads(), hasBias ? conv.bias().grads() : null);
        return needInputGrad ? gradInput : null;
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
                            flipped[dst + (o * kh + i) * kw + j] =
                                    w[src + (kh - 1 - i) * kw + (kw - 1 - j)];
                        }
                    }
                }
            }
        }
    }
}
