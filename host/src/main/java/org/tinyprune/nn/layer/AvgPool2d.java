package org.tinyprune.nn.layer;

import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;

/**
 * Average pooling with a square window. Padded positions are excluded from the divisor (ONNX
 * AveragePool with count_include_pad = 0).
 */
public final class AvgPool2d extends Pool2d {
    private Tensor output;
    private Tensor gradInput;

    /** Average pooling with the given window, stride and padding. */
    public AvgPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
    }

    @Override
    public String kind() {
        return "AvgPool2d";
    }

    /** Always false: padding does not count towards the average. */
    public boolean countIncludePad() {
        return false;
    }

    private int count(int i, int j, int h, int w) {
        int rows = Math.min(i * stride - padding + kernel, h) - Math.max(i * stride - padding, 0);
        int cols = Math.min(j * stride - padding + kernel, w) - Math.max(j * stride - padding, 0);
        return rows * cols;
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
        float[] xd = x.data();
        float[] yd = output.data();
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float sum = 0f;
                    for (int ih = Math.max(i * stride - padding, 0); ih < Math.min(i * stride - padding + kernel, h); ih++) {
                        for (int iw = Math.max(j * stride - padding, 0); iw < Math.min(j * stride - padding + kernel, w); iw++) {
                            sum += xd[(p * h + ih) * w + iw];
                        }
                    }
                    yd[(p * oh + i) * ow + j] = sum / count(i, j, h, w);
                }
            }
        }
        return output;
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor x = inputs[0];
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = gradOutput.dim(2);
        int ow = gradOutput.dim(3);
        gradInput = Tensor.reuse(gradInput, x.shape());
        gradInput.zero();
        float[] dx = gradInput.data();
        float[] dy = gradOutput.data();
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float g = dy[(p * oh + i) * ow + j] / count(i, j, h, w);
                    for (int ih = Math.max(i * stride - padding, 0); ih < Math.min(i * stride - padding + kernel, h); ih++) {
                        for (int iw = Math.max(j * stride - padding, 0); iw < Math.min(j * stride - padding + kernel, w); iw++) {
                            dx[(p * h + ih) * w + iw] += g;
                        }
                    }
                }
            }
        }
        return new Tensor[] {gradInput};
    }
}
