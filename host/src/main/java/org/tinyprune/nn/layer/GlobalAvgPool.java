package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Tensor;

/** Averages each channel over its whole plane: N×C×H×W to N×C×1×1 (ONNX GlobalAveragePool). */
public final class GlobalAvgPool extends Layer implements Int8Form {
    private Tensor output;
    private Tensor gradInput;

    @Override
    public String kind() {
        return "GlobalAvgPool";
    }

    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        return ChannelFlow.CHANNEL_WISE;
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 1);
        int[] s = expectImage(kind(), inputShapes.get(0), -1);
        return new int[] {s[0], 1, 1};
    }

    @Override
    public long macs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        return (long) s[0] * s[1] * s[2];
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        int planes = x.dim(0) * x.dim(1);
        int plane = x.dim(2) * x.dim(3);
        output = Tensor.reuse(output, x.dim(0), x.dim(1), 1, 1);
        float[] xd = x.data();
        float[] yd = output.data();
        for (int p = 0; p < planes; p++) {
            float sum = 0f;
            for (int j = 0; j < plane; j++) {
                sum += xd[p * plane + j];
            }
            yd[p] = sum / plane;
        }
        return output;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor x = inputs[0];
        int planes = x.dim(0) * x.dim(1);
        int plane = x.dim(2) * x.dim(3);
        gradInput = Tensor.reuse(gradInput, x.shape());
        float[] dy = gradOutput.data();
        float[] dx = gradInput.data();
        for (int p = 0; p < planes; p++) {
            java.util.Arrays.fill(dx, p * plane, (p + 1) * plane, dy[p] / plane);
        }
        return new Tensor[] {gradInput};
    }

    /** int8 GLOBAL_AVG_POOL: the mean of codes, in the input's quantisation. */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        return Lowering.passThrough(OpKind.GLOBAL_AVG_POOL, Attributes.DEFAULT);
    }
}
