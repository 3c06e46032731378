package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;

/** Concatenation along the channel axis (axis 1); all other dimensions must match. */
public final class Concat extends Layer implements Int8Form {
    private Tensor output;
    private Tensor[] gradInputs = new Tensor[0];

    @Override
    public String kind() {
        return "Concat";
    }

    @Override
    public int arity() {
        return -1;
    }

    /** The concatenation axis of batched tensors (always 1, channels). */
    public int axis() {
        return 1;
    }

    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        return ChannelFlow.CONCATENATES;
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        if (inputShapes.size() < 2) {
            throw new IllegalArgumentException(
                    "Concat needs at least 2 inputs, got " + inputShapes.size());
        }
        int[] first = inputShapes.get(0);
        int[] out = first.clone();
        out[0] = 0;
        for (int[] s : inputShapes) {
            boolean ok = s.length == first.length;
            for (int d = 1; ok && d < s.length; d++) {
                ok = s[d] == first[d];
            }
            if (!ok) {
                throw new IllegalArgumentException(
                        "Concat inputs must match except in channels, got "
                                + Shapes.str(first)
                                + " and "
                                + Shapes.str(s));
            }
            out[0] += s[0];
        }
        return out;
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        int n = inputs[0].dim(0);
        int[] shape = inputs[0].shape();
        int total = 0;
        for (Tensor t : inputs) {
            total += t.dim(1);
        }
        shape[1] = total;
        output = Tensor.reuse(output, shape);
        int outSample = output.sampleSize();
        float[] y = output.data();
        for (int s = 0; s < n; s++) {
            int off = s * outSample;
            for (Tensor t : inputs) {
                int len = t.sampleSize();
                System.arraycopy(t.data(), s * len, y, off, len);
                off += len;
            }
        }
        return output;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        if (gradInputs.length != inputs.length) {
            gradInputs = new Tensor[inputs.length];
        }
        int n = inputs[0].dim(0);
        int outSample = gradOutput.sampleSize();
        int start = 0;
        for (int k = 0; k < inputs.length; k++) {
            int len = inputs[k].sampleSize();
            if (needInputGrad[k]) {
                gradInputs[k] = Tensor.reuse(gradInputs[k], inputs[k].shape());
                for (int s = 0; s < n; s++) {
                    System.arraycopy(
                            gradOutput.data(),
                            s * outSample + start,
                            gradInputs[k].data(),
                            s * len,
                            len);
                }
            }
            start += len;
        }
        Tensor[] result = new Tensor[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            result[k] = needInputGrad[k] ? gradInputs[k] : null;
        }
        return result;
    }

    /**
     * int8 CONCAT on channels: it copies codes, so every input shares the output's quantisation.
     */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        return Lowering.passThrough(OpKind.CONCAT, Attributes.DEFAULT.withAxis(axis()));
    }
}
