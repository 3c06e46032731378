package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Parallel;

/**
 * Max pooling; padded positions never win (ONNX MaxPool). The gradient flows to the first maximum
 * of each window (row-major order). Window geometry: {@link Pool2d}.
 */
public final class MaxPool2d extends Pool2d implements Int8Form {
    private Tensor output;
    private Tensor gradInput;
    private int[] argmax = new int[0];

    /** Max pooling with a square window, the same padding on every side, floor rounding. */
    public MaxPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
    }

    /**
     * Max pooling with any window (see {@link Pool2d}); {@code inH}, {@code inW} (or -1) let a ceil
     * mode that changes nothing be stored as floor.
     */
    public MaxPool2d(
            int kernelH,
            int kernelW,
            int strideH,
            int strideW,
            int top,
            int left,
            int bottom,
            int right,
            boolean ceilMode,
            int inH,
            int inW) {
        super(kernelH, kernelW, strideH, strideW, top, left, bottom, right, ceilMode, inH, inW);
    }

    @Override
    public String kind() {
        return "MaxPool2d";
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
        if (argmax.length < output.size()) {
            argmax = new int[output.size()];
        }
        float[] xd = x.data();
        float[] yd = output.data();
        int[] am = argmax;
        int chunks = Parallel.chunks(planes, 64);
        Parallel.run(
                chunks,
                (c, wk) -> {
                    for (int p = Parallel.chunkStart(planes, chunks, c);
                            p < Parallel.chunkStart(planes, chunks, c + 1);
                            p++) {
                        for (int i = 0; i < oh; i++) {
                            int h0 = Math.max(i * strideH - top, 0);
                            int h1 = Math.min(i * strideH - top + kernelH, h);
                            for (int j = 0; j < ow; j++) {
                                int w0 = Math.max(j * strideW - left, 0);
                                int w1 = Math.min(j * strideW - left + kernelW, w);
                                float best = Float.NEGATIVE_INFINITY;
                                int bestAt = -1;
                                for (int ih = h0; ih < h1; ih++) {
                                    for (int iw = w0; iw < w1; iw++) {
                                        int at = (p * h + ih) * w + iw;
                                        if (bestAt < 0 || xd[at] > best) {
                                            best = xd[at];
                                            bestAt = at;
                                        }
                                    }
                                }
                                int o = (p * oh + i) * ow + j;
                                yd[o] = bestAt < 0 ? 0f : best;
                                am[o] = bestAt;
                            }
                        }
                    }
                });
        return output;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        gradInput = Tensor.reuse(gradInput, inputs[0].shape());
        gradInput.zero();
        float[] dx = gradInput.data();
        float[] dy = gradOutput.data();
        for (int o = 0, n = gradOutput.size(); o < n; o++) {
            if (argmax[o] >= 0) {
                dx[argmax[o]] += dy[o];
            }
        }
        return new Tensor[] {gradInput};
    }

    /**
     * int8 MAX_POOL over the same window; it selects codes, so it keeps its input's quantisation.
     */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        return Lowering.passThrough(OpKind.MAX_POOL, int8Window());
    }
}
