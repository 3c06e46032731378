package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;

/** Reshapes N×C×H×W to N×(C·H·W) without copying (C-major order, as ONNX Flatten with axis 1). */
public final class Flatten extends Layer implements Int8Form {
    @Override
    public String kind() {
        return "Flatten";
    }

    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        return ChannelFlow.SPREADS;
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 1);
        return new int[] {Shapes.size(inputShapes.get(0))};
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        return x.view(x.dim(0), x.sampleSize());
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        return new Tensor[] {gradOutput.view(inputs[0].shape())};
    }

    /** int8 RESHAPE (the codes unchanged). */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        return Lowering.passThrough(OpKind.RESHAPE, Attributes.DEFAULT);
    }
}
