package org.tinyprune.quant;

import java.util.List;
import org.tinyprune.ir.Quantization;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Tensor;

/**
 * Fake quantisation of an activation for quantisation-aware training: the forward pass rounds to
 * the int8 grid of a per-tensor {@link Quantization} and back ({@code scale * (clamp(round(x /
 * scale) + zp) - zp)}); the backward pass is the straight-through estimator, passing the gradient
 * where {@code x} lies inside the representable range and zero where it was clipped.
 */
public final class FakeQuant extends Layer {

    private final float scale;
    private final int zeroPoint;
    private final float lo;
    private final float hi;
    private Tensor output;
    private Tensor gradInput;

    /**
     * A fake quantiser with fixed parameters.
     *
     * @param q per-tensor int8 quantisation
     */
    public FakeQuant(Quantization q) {
        this.scale = q.scale();
        this.zeroPoint = q.zeroPoint();
        this.lo = scale * (-128 - zeroPoint);
        this.hi = scale * (127 - zeroPoint);
    }

    @Override
    public String kind() {
        return "FakeQuant";
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 1);
        return inputShapes.get(0).clone();
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        output = Tensor.reuse(output, x.shape());
        float[] xd = x.data();
        float[] yd = output.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            double q = Math.max(-128, Math.min(127, Math.rint(xd[i] / scale) + zeroPoint));
            yd[i] = (float) (scale * (q - zeroPoint));
        }
        return output;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor out, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor x = inputs[0];
        gradInput = Tensor.reuse(gradInput, x.shape());
        float[] xd = x.data();
        float[] dy = gradOutput.data();
        float[] dx = gradInput.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            dx[i] = xd[i] >= lo && xd[i] <= hi ? dy[i] : 0f;
        }
        return new Tensor[] {gradInput};
    }
}
