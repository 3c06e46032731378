package org.tinyprune.nn.layer;

import java.util.List;
import java.util.Map;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.OnnxForm;
import org.tinyprune.nn.Tensor;

/**
 * ShuffleNet's channel shuffle: the C channels seen as {@code groups} × (C/groups) are transposed
 * to (C/groups) × {@code groups}, so output channel j·groups + i is input channel i·(C/groups) + j.
 * ONNX writes it as Reshape(N, g, C/g, H, W) → Transpose(0, 2, 1, 3, 4) → Reshape(N, C, H, W). A
 * pure permutation of channels: the backward pass applies the inverse permutation.
 */
public final class ChannelShuffle extends Layer implements OnnxForm, Int8Form {
    private final int groups;
    private Tensor output;
    private Tensor gradInput;

    /** A shuffle of {@code groups} groups (at least 1; it must divide the channels). */
    public ChannelShuffle(int groups) {
        if (groups < 1) {
            throw new IllegalArgumentException("ChannelShuffle needs groups >= 1, got " + groups);
        }
        this.groups = groups;
    }

    @Override
    public String kind() {
        return "ChannelShuffle";
    }

    /** Number of groups. */
    public int groups() {
        return groups;
    }

    /** The input channel that output channel {@code out} of {@code channels} reads. */
    public int source(int out, int channels) {
        int perGroup = channels / groups;
        return (out % groups) * perGroup + out / groups;
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 1);
        int[] s = expectImage(kind(), inputShapes.get(0), -1);
        if (s[0] % groups != 0) {
            throw new IllegalArgumentException(
                    "ChannelShuffle: " + groups + " groups do not divide " + s[0] + " channels");
        }
        return s.clone();
    }

    /** Blocks: removing channels would change which channel lands where. */
    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        int c = inputShapes.get(0)[0];
        return ChannelFlow.blocks(
                "a fixed permutation of "
                        + c
                        + " channels in "
                        + groups
                        + " groups, which removing any channel would change");
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        output = Tensor.reuse(output, x.shape());
        permute(x.data(), output.data(), x.dim(0), x.dim(1), x.dim(2) * x.dim(3), false);
        return output;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor x = inputs[0];
        gradInput = Tensor.reuse(gradInput, x.shape());
        permute(gradOutput.data(), gradInput.data(), x.dim(0), x.dim(1), x.dim(2) * x.dim(3), true);
        return new Tensor[] {gradInput};
    }

    /** Forward: dst[out] = src[source(out)]; inverse: dst[source(out)] = src[out]. */
    private void permute(float[] src, float[] dst, int n, int c, int plane, boolean inverse) {
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < c; o++) {
                int from = (s * c + (inverse ? o : source(o, c))) * plane;
                int to = (s * c + (inverse ? source(o, c) : o)) * plane;
                System.arraycopy(src, from, dst, to, plane);
            }
        }
    }

    @Override
    public List<Step> onnxSteps(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        return List.of(
                new Step(
                        "Reshape",
                        Map.of(),
                        List.of(
                                Constant.longs(
                                        "groups_shape", -1, groups, s[0] / groups, s[1], s[2]))),
                new Step("Transpose", Map.of("perm", new long[] {0, 2, 1, 3, 4}), List.of()),
                new Step(
                        "Reshape",
                        Map.of(),
                        List.of(Constant.longs("shape", -1, s[0], s[1], s[2]))));
    }

    /**
     * int8 CHANNEL_SHUFFLE of {@link #groups()} groups: it moves codes, keeping its input's
     * quantisation.
     */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        return Lowering.passThrough(OpKind.CHANNEL_SHUFFLE, Attributes.DEFAULT.withGroup(groups));
    }
}
