package org.tinyprune.nn.layer;

import java.util.List;
import java.util.Map;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.OnnxForm;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;

/**
 * Gives each sample a new shape of the same size without copying (ONNX Reshape keeping the batch),
 * e.g. N×C features back to N×C×1×1 for a squeeze-and-excite gate; {@link Flatten} is the common
 * case to N×F.
 */
public final class Reshape extends Layer implements OnnxForm, Int8Form {
    private final int[] shape;

    /** A reshape of each sample to {@code shape}. */
    public Reshape(int... shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("Reshape needs a target shape");
        }
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException(
                        "Reshape target " + Shapes.str(shape) + " has a dimension below 1");
            }
        }
        this.shape = shape.clone();
    }

    @Override
    public String kind() {
        return "Reshape";
    }

    /** The per-sample target shape. */
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 1);
        if (Shapes.size(inputShapes.get(0)) != Shapes.size(shape)) {
            throw new IllegalArgumentException(
                    "Reshape of "
                            + Shapes.str(inputShapes.get(0))
                            + " to "
                            + Shapes.str(shape)
                            + ": sizes differ");
        }
        return shape.clone();
    }

    /**
     * Spreads when each output channel (or feature) lies inside one input channel: the elements per
     * output position divide those per input position (a flatten, [C] to [C,1,1], or a split of
     * each channel's plane). Otherwise output positions straddle input channels, and pruning is
     * blocked.
     */
    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        int[] in = inputShapes.get(0);
        int perIn = Shapes.size(in) / in[0];
        int perOut = Shapes.size(shape) / shape[0];
        if (perIn % perOut == 0) {
            return ChannelFlow.SPREADS;
        }
        return ChannelFlow.blocks(
                "a reshape of "
                        + Shapes.str(in)
                        + " to "
                        + Shapes.str(shape)
                        + ", whose output channels each take parts of several input channels");
    }

    /**
     * The same reshape with the leading dimension cut to the {@code keepOut.length} positions kept.
     */
    @Override
    public Reshape keepChannels(int[] keepIn, int[] keepOut) {
        int[] s = shape.clone();
        s[0] = keepOut.length;
        return new Reshape(s);
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        return x.view(Shapes.batched(x.dim(0), shape));
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        return new Tensor[] {gradOutput.view(inputs[0].shape())};
    }

    @Override
    public List<Step> onnxSteps(List<int[]> inputShapes) {
        long[] target = new long[shape.length + 1];
        target[0] = -1;
        for (int i = 0; i < shape.length; i++) {
            target[i + 1] = shape[i];
        }
        return List.of(new Step("Reshape", Map.of(), List.of(Constant.longs("shape", target))));
    }

    /** int8 RESHAPE (the codes unchanged). */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        return Lowering.passThrough(OpKind.RESHAPE, Attributes.DEFAULT);
    }
}
