package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;

/** A graph input with a fixed per-sample shape (e.g. 1×28×28); passes the fed tensor through. */
public final class Input extends Layer {
    private final int[] shape;

    /** An input of per-sample shape {@code shape}. */
    public Input(int... shape) {
        if (shape.length == 0 || Shapes.size(shape) <= 0) {
            throw new IllegalArgumentException(
                    "Input shape must be non-empty and positive, got " + Shapes.str(shape));
        }
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(
                        "Input shape " + Shapes.str(shape) + " has a non-positive dimension");
            }
        }
        this.shape = shape.clone();
    }

    @Override
    public String kind() {
        return "Input";
    }

    @Override
    public int arity() {
        return 0;
    }

    /** The per-sample shape. */
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        return ChannelFlow.CREATES;
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 0);
        return shape.clone();
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        if (!x.hasShape(Shapes.batched(x.dim(0), shape))) {
            throw new IllegalArgumentException(
                    "input tensor has shape "
                            + Shapes.str(x.shape())
                            + " but the graph expects batch × "
                            + Shapes.str(shape));
        }
        return x;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        return new Tensor[0];
    }
}
