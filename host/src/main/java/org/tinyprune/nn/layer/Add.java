package org.tinyprune.nn.layer;

import java.util.Arrays;
import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;

/** Element-wise sum of two or more inputs of identical shape (residual connections). */
public final class Add extends Layer implements Int8Form {
    private Tensor output;

    @Override
    public String kind() {
        return "Add";
    }

    @Override
    public int arity() {
        return -1;
    }

    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        return ChannelFlow.TIES;
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        if (inputShapes.size() < 2) {
            throw new IllegalArgumentException(
                    "Add needs at least 2 inputs, got " + inputShapes.size());
        }
        for (int[] s : inputShapes) {
            if (!Arrays.equals(s, inputShapes.get(0))) {
                throw new IllegalArgumentException(
                        "Add inputs must have equal shapes, got "
                                + Shapes.str(inputShapes.get(0))
                                + " and "
                                + Shapes.str(s));
            }
        }
        return inputShapes.get(0).clone();
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        output = Tensor.reuse(output, inputs[0].shape());
        float[] y = output.data();
        int size = output.size();
        System.arraycopy(inputs[0].data(), 0, y, 0, size);
        for (int k = 1; k < inputs.length; k++) {
            float[] x = inputs[k].data();
            for (int i = 0; i < size; i++) {
                y[i] += x[i];
            }
        }
        return output;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor[] grads = new Tensor[inputs.length];
        Arrays.fill(grads, gradOutput);
        return grads;
    }

    /** int8 ADD of exactly two inputs (rescaled to its own range); takes a fused activation. */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        if (inputShapes.size() != 2) {
            throw new IllegalArgumentException(
                    "int8 add takes exactly 2 inputs, this one has "
                            + inputShapes.size()
                            + " (chain two-input adds)");
        }
        return Lowering.calibrated(OpKind.ADD, Attributes.DEFAULT).takingActivation();
    }
}
