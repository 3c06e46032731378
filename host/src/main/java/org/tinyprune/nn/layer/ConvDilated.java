package org.tinyprune.nn.layer;

import java.util.Arrays;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Parallel;

/**
 * Dilated convolution (any groups, stride and padding) as direct loops over output positions and
 * kernel taps: the plain path for the dilation > 1 layers an imported model may have, which the
 * GEMM paths do not unfold. Forward runs one sample per task; backward accumulates parameter
 * gradients per fixed chunk of samples ({@link Partials}), so results do not depend on the thread
 * count.
 */
final class ConvDilated implements Conv2d.ConvKernel {
    private final Conv2d conv;
    private final Partials partials = new Partials();
    private Tensor output;
    private Tensor gradInput;

    ConvDilated(Conv2d conv) {
        this.conv = conv;
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = x.dim(0);
        int h = x.dim(2);
        int w = x.dim(3);
        int[] o = conv.outputShape(java.util.List.of(new int[] {x.dim(1), h, w}));
        output = Tensor.reuse(output, n, o[0], o[1], o[2]);
        float[] xd = x.data();
        float[] yd = output.data();
        float[] wd = conv.weight().values();
        float[] bd = conv.hasBias() ? conv.bias().values() : null;
        Parallel.run(
                n,
                (s, worker) -> {
                    for (int oc = 0; oc < o[0]; oc++) {
                        int yOff = ((s * o[0]) + oc) * o[1] * o[2];
                        Arrays.fill(yd, yOff, yOff + o[1] * o[2], bd == null ? 0f : bd[oc]);
                        visit(s, oc, h, w, o, (yi, xi, wi) -> yd[yi] += wd[wi] * xd[xi]);
                    }
                });
        return output;
    }

    @Override
    public Tensor backward(Tensor x, Tensor gradOutput, boolean needInputGrad) {
        int n = x.dim(0);
        int h = x.dim(2);
        int w = x.dim(3);
        int[] o = {gradOutput.dim(1), gradOutput.dim(2), gradOutput.dim(3)};
        int chunks = Parallel.chunks(n, ConvGemm.MAX_CHUNKS);
        float[] wd = conv.weight().values();
        partials.ensure(chunks, wd.length, conv.outChannels());
        float[] xd = x.data();
        float[] dy = gradOutput.data();
        if (needInputGrad) {
            gradInput = Tensor.reuse(gradInput, x.shape());
            gradInput.zero();
        }
        float[] dx = needInputGrad ? gradInput.data() : null;
        Parallel.run(
                chunks,
                (c, worker) -> {
                    float[] pw = partials.weight(c);
                    float[] pb = partials.bias(c);
                    for (int s = Parallel.chunkStart(n, chunks, c);
                            s < Parallel.chunkStart(n, chunks, c + 1);
                            s++) {
                        for (int oc = 0; oc < o[0]; oc++) {
                            int yOff = ((s * o[0]) + oc) * o[1] * o[2];
                            for (int p = 0; p < o[1] * o[2]; p++) {
                                pb[oc] += dy[yOff + p];
                            }
                            visit(
                                    s,
                                    oc,
                                    h,
                                    w,
                                    o,
                                    (yi, xi, wi) -> {
                                        pw[wi] += dy[yi] * xd[xi];
                                        if (dx != null) {
                                            dx[xi] += dy[yi] * wd[wi];
                                        }
                                    });
                        }
                    }
                });
        partials.reduceInto(
                chunks, conv.weight().grads(), conv.hasBias() ? conv.bias().grads() : null);
        return needInputGrad ? gradInput : null;
    }

    /** One multiply-accumulate: output element, input element, weight element. */
    @FunctionalInterface
    private interface Tap {
        void apply(int yi, int xi, int wi);
    }

    /**
     * Visits every (output, input, weight) triple of output channel {@code oc} of sample {@code s}.
     */
    private void visit(int s, int oc, int h, int w, int[] o, Tap tap) {
        int inG = conv.inChannels() / conv.groups();
        int outG = conv.outChannels() / conv.groups();
        int g = oc / outG;
        int kh = conv.kernelH();
        int kw = conv.kernelW();
        int stride = conv.stride();
        int yOff = ((s * o[0]) + oc) * o[1] * o[2];
        for (int ci = 0; ci < inG; ci++) {
            int xOff = (s * conv.inChannels() + g * inG + ci) * h * w;
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int wi = ((oc * inG + ci) * kh + ki) * kw + kj;
                    for (int i = 0; i < o[1]; i++) {
                        int ih = i * stride - conv.padH() + ki * conv.dilationH();
                        if (ih < 0 || ih >= h) {
                            continue;
                        }
                        for (int j = 0; j < o[2]; j++) {
                            int iw = j * stride - conv.padW() + kj * conv.dilationW();
                            if (iw >= 0 && iw < w) {
                                tap.apply(yOff + i * o[2] + j, xOff + ih * w + iw, wi);
                            }
                        }
                    }
                }
            }
        }
    }
}
