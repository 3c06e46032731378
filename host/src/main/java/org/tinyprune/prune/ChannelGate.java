package org.tinyprune.prune;

import java.util.List;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Tensor;

/**
 * Multiplies each channel by its coupling group's soft mask value: {@code y[n,c,..] = m[g(c)]
 * x[n,c,..]}.
 *
 * <p>Inserted by {@link GraphSurgery} after every node that creates a prunable group's channels
 * (after its BatchNorm when one follows), so a masked channel is zero wherever the group appears.
 * The mask array is shared by all gates of a group and set by the pruner; backward adds {@code
 * dLoss/dm} into the shared gradient array — with the mask near one this is the first-order Taylor
 * salience of each channel. Not exported: gates are removed before export.
 */
public final class ChannelGate extends Layer {
    private final float[] mask;
    private final double[] maskGrad;
    private final int[] index;
    private Tensor out;
    private Tensor gradIn;

    /**
     * @param mask the group's mask (live, shared)
     * @param maskGrad the group's mask gradient accumulator (live, shared)
     * @param index group channel index of each channel of the gated tensor
     */
    public ChannelGate(float[] mask, double[] maskGrad, int[] index) {
        this.mask = mask;
        this.maskGrad = maskGrad;
        this.index = index.clone();
    }

    /** Channels of the gated tensor. */
    public int channels() {
        return index.length;
    }

    /** The current mask value of channel {@code c} of the gated tensor. */
    public float scale(int c) {
        return mask[index[c]];
    }

    @Override
    public String kind() {
        return "ChannelGate";
    }

    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        return ChannelFlow.CHANNEL_WISE;
    }

    /** Gates are removed ({@link GraphSurgery#withoutGates}) before channels are. */
    @Override
    public Layer keepChannels(int[] keepIn, int[] keepOut) {
        throw new IllegalStateException(
                "remove the gates (GraphSurgery.withoutGates) before selecting channels");
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 1);
        int[] s = inputShapes.get(0);
        if (s[0] != index.length) {
            throw new IllegalArgumentException(
                    "ChannelGate for " + index.length + " channels got " + s[0] + " channels");
        }
        return s.clone();
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        out = Tensor.reuse(out, x.shape());
        float[] src = x.data();
        float[] dst = out.data();
        int channels = index.length;
        int inner = x.sampleSize() / channels;
        for (int n = 0; n < x.batch(); n++) {
            for (int c = 0; c < channels; c++) {
                float m = mask[index[c]];
                int base = (n * channels + c) * inner;
                for (int i = base; i < base + inner; i++) {
                    dst[i] = src[i] * m;
                }
            }
        }
        return out;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor x = inputs[0];
        float[] src = x.data();
        float[] dy = gradOutput.data();
        gradIn = Tensor.reuse(gradIn, x.shape());
        float[] dx = gradIn.data();
        int channels = index.length;
        int inner = x.sampleSize() / channels;
        for (int n = 0; n < x.batch(); n++) {
            for (int c = 0; c < channels; c++) {
                float m = mask[index[c]];
                int base = (n * channels + c) * inner;
                double g = 0;
                for (int i = base; i < base + inner; i++) {
                    g += (double) dy[i] * src[i];
                    dx[i] = dy[i] * m;
                }
                maskGrad[index[c]] += g;
            }
        }
        return new Tensor[] {needInputGrad[0] ? gradIn : null};
    }
}
