package org.tinyprune.nn.layer;

import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Parallel;

/**
 * Max pooling with a square window; padded positions never win. The gradient flows to the first
 * maximum of each window (row-major order).
 */
public final class MaxPool2d extends Pool2d {
    private Tensor output;
    private Tensor gradInput;
    private int[] argmax = new int[0];

    /** Max pooling with the given window, stride and padding. */
    public MaxPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
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
        int oh = Shapes.windowOut(h, kernel, stride, padding);
        int ow = Shapes.windowOut(w, kernel, stride, padding);
        output = Tensor.reuse(output, x.dim(0), x.dim(1), oh, ow);
        if (argmax.length < output.size()) {
            argmax = new int[output.size()];
        }
        float[] xd = x.data();
        float[] yd = output.data();
        int[] am = argmax;
        Parallel.run(Parallel.chunks(planes, 64), (c, wk) -> {
            int chunks = Parallel.chunks(planes, 64);
            for (int p = Parallel.chunkStart(planes, chunks, c); p < Parallel.chunkStart(planes, chunks, c + 1); p++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int bestAt = -1;
                        for (int ki = 0; ki < kernel; ki++) {
                            int ih = i * stride - padding + ki;
                            if (ih < 0 || ih >= h) {
                                continue;
                            }
                            for (int kj = 0; kj < kernel; kj++) {
                                int iw = j * stride - padding + kj;
                                if (iw < 0 || iw >= w) {
                                    continue;
                                }
                                int at = (p * h + ih) * w + iw;
                                if (bestAt < 0 || xd[at] > best) {
                                    best = xd[at];
                                    bestAt = at;
                                }
                            }
                        }
                        int o = (p * oh + i) * ow + j;
                        yd[o] = best;
                        am[o] = bestAt;
                    }
                }
            }
        });
        return output;
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        gradInput = Tensor.reuse(gradInput, inputs[0].shape());
        gradInput.zero();
        float[] dx = gradInput.data();
        float[] dy = gradOutput.data();
        for (int o = 0, n = gradOutput.size(); o < n; o++) {
            dx[argmax[o]] += dy[o];
        }
        return new Tensor[] {gradInput};
    }
}
