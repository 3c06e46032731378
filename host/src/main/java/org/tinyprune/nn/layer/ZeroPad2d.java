package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.OnnxForm;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;

/**
 * Zero padding of the spatial axes, N×C×H×W to N×C×(top+H+bottom)×(left+W+right) (ONNX Pad, mode
 * constant, value 0, on H and W). Channel-wise: it keeps channels one to one, so pruning passes a
 * channel selection straight through.
 */
public final class ZeroPad2d extends Layer implements OnnxForm, Int8Form {
    private final int top;
    private final int left;
    private final int bottom;
    private final int right;
    private Tensor output;
    private Tensor gradInput;

    /** Pads {@code top}, {@code left}, {@code bottom}, {@code right} zeros (each >= 0). */
    public ZeroPad2d(int top, int left, int bottom, int right) {
        if (top < 0 || left < 0 || bottom < 0 || right < 0) {
            throw new IllegalArgumentException(
                    "ZeroPad2d: pads must be >= 0, got top="
                            + top
                            + " left="
                            + left
                            + " bottom="
                            + bottom
                            + " right="
                            + right);
        }
        this.top = top;
        this.left = left;
        this.bottom = bottom;
        this.right = right;
    }

    @Override
    public String kind() {
        return "ZeroPad2d";
    }

    /** Rows added above. */
    public int top() {
        return top;
    }

    /** Columns added on the left. */
    public int left() {
        return left;
    }

    /** Rows added below. */
    public int bottom() {
        return bottom;
    }

    /** Columns added on the right. */
    public int right() {
        return right;
    }

    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        return ChannelFlow.CHANNEL_WISE;
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 1);
        int[] s = expectImage(kind(), inputShapes.get(0), -1);
        return new int[] {s[0], s[1] + top + bottom, s[2] + left + right};
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = h + top + bottom;
        int ow = w + left + right;
        output = Tensor.reuse(output, x.dim(0), x.dim(1), oh, ow);
        output.zero();
        float[] xd = x.data();
        float[] yd = output.data();
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < h; i++) {
                System.arraycopy(xd, (p * h + i) * w, yd, (p * oh + i + top) * ow + left, w);
            }
        }
        return output;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor x = inputs[0];
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = gradOutput.dim(2);
        int ow = gradOutput.dim(3);
        gradInput = Tensor.reuse(gradInput, x.shape());
        float[] dy = gradOutput.data();
        float[] dx = gradInput.data();
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < h; i++) {
                System.arraycopy(dy, (p * oh + i + top) * ow + left, dx, (p * h + i) * w, w);
            }
        }
        return new Tensor[] {gradInput};
    }

    /** ONNX Pad (constant mode, zero) with pads [0, 0, top, left, 0, 0, bottom, right]. */
    @Override
    public List<Step> onnxSteps(List<int[]> inputShapes) {
        return List.of(
                new Step(
                        "Pad",
                        java.util.Map.of("mode", "constant"),
                        List.of(Constant.longs("pads", 0, 0, top, left, 0, 0, bottom, right))));
    }

    @Override
    public String toString() {
        return kind() + Shapes.str(new int[] {top, left, bottom, right});
    }

    /**
     * int8 PAD writing the zero point (real 0), in its input's quantisation; the quantiser merges
     * it into a convolution or pool reading it where that is exact, as codegen does.
     */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        return Lowering.passThrough(
                OpKind.PAD, Attributes.DEFAULT.withPads(top, left, bottom, right));
    }
}
