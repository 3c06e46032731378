package org.tinyprune.nn.layer;

import java.util.Arrays;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Parallel;
import org.tinyprune.nn.kernel.Vec;

/**
 * Depthwise convolution (one filter per channel) in the padded plane layout of {@link
 * DepthwisePlane}: per channel, one vector multiply-add over the whole plane per kernel tap
 * (forward and input gradient) or one dot product per tap (weight gradient). Forward runs one
 * sample per task; backward accumulates parameter gradients per fixed chunk of samples and reduces
 * them in chunk order, so results do not depend on the thread count.
 */
final class ConvDepthwise implements Conv2d.ConvKernel {
    private final Conv2d conv;
    private Tensor output;
    private Tensor gradInput;
    private final Partials partials = new Partials();

    ConvDepthwise(Conv2d conv) {
        this.conv = conv;
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = x.dim(0);
        int ch = conv.inChannels();
        DepthwisePlane p = DepthwisePlane.of(conv.window(x.dim(2), x.dim(3)));
        int taps = conv.kernelH() * conv.kernelW();
        int inPlane = x.dim(2) * x.dim(3);
        int outPlane = p.g().cols();
        output = Tensor.reuse(output, n, ch, p.g().outH(), p.g().outW());
        float[] xd = x.data();
        float[] yd = output.data();
        float[] wd = conv.weight().values();
        float[] bd = conv.hasBias() ? conv.bias().values() : null;
        Parallel.run(
                n,
                (s, worker) -> {
                    float[] xp = Parallel.scratch(worker, 0, p.size());
                    float[] span = Parallel.scratch(worker, 1, p.span());
                    Arrays.fill(xp, 0, p.size(), 0f);
                    for (int c = 0; c < ch; c++) {
                        p.pad(xd, (s * ch + c) * inPlane, xp);
                        Arrays.fill(span, 0, p.span(), bd == null ? 0f : bd[c]);
                        for (int t = 0; t < taps; t++) {
                            Vec.axpy(wd[c * taps + t], xp, p.offset(t), span, 0, p.span());
                        }
                        p.sample(span, yd, (s * ch + c) * outPlane);
                    }
                });
        return output;
    }

    @Override
    public Tensor backward(Tensor x, Tensor gradOutput, boolean needInputGrad) {
        int n = x.dim(0);
        int ch = conv.inChannels();
        DepthwisePlane p = DepthwisePlane.of(conv.window(x.dim(2), x.dim(3)));
        int taps = conv.kernelH() * conv.kernelW();
        int inPlane = x.dim(2) * x.dim(3);
        int outPlane = p.g().cols();
        int chunks = Parallel.chunks(n, ConvGemm.MAX_CHUNKS);
        float[] wd = conv.weight().values();
        partials.ensure(chunks, wd.length, ch);
        if (needInputGrad) {
            gradInput = Tensor.reuse(gradInput, x.shape());
        }
        float[] xd = x.data();
        float[] dy = gradOutput.data();
        float[] dx = needInputGrad ? gradInput.data() : null;
        boolean hasBias = conv.hasBias();
        Parallel.run(
                chunks,
                (c, worker) -> {
                    float[] pw = partials.weight(c);
                    float[] pb = partials.bias(c);
                    float[] xp = Parallel.scratch(worker, 0, p.size());
                    float[] span = Parallel.scratch(worker, 1, p.span());
                    float[] dxp = Parallel.scratch(worker, 2, p.size());
                    Arrays.fill(xp, 0, p.size(), 0f);
                    Arrays.fill(span, 0, p.span(), 0f);
                    for (int s = Parallel.chunkStart(n, chunks, c);
                            s < Parallel.chunkStart(n, chunks, c + 1);
                            s++) {
                        for (int k = 0; k < ch; k++) {
                            int xo = (s * ch + k) * inPlane;
                            int yo = (s * ch + k) * outPlane;
                            if (hasBias) {
                                pb[k] += Vec.sum(dy, yo, outPlane);
                            }
                            p.pad(xd, xo, xp);
                            p.scatter(dy, yo, span);
                            for (int t = 0; t < taps; t++) {
                                pw[k * taps + t] += Vec.dot(span, 0, xp, p.offset(t), p.span());
                            }
                            if (needInputGrad) {
                                Arrays.fill(dxp, 0, p.size(), 0f);
                                for (int t = 0; t < taps; t++) {
                                    Vec.axpy(wd[k * taps + t], span, 0, dxp, p.offset(t), p.span());
                                }
                                p.unpad(dxp, dx, xo);
                            }
                        }
                    }
                });
        partials.reduceInto(chunks, conv.weight().grads(), hasBias ? conv.bias().grads() : null);
        return needInputGrad ? gradInput : null;
    }
}
