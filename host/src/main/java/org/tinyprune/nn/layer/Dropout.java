package org.tinyprune.nn.layer;

import java.util.List;
import java.util.SplittableRandom;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Tensor;

/**
 * Inverted dropout: in training mode each element is zeroed with probability {@code p} and the rest
 * scaled by 1/(1−p); identity in eval mode. The mask is a pure function of a seed (drawn at init),
 * a call counter and the element index, so it is reproducible, thread-independent, and resumable
 * from {@link #step()}.
 */
public final class Dropout extends Layer {
    private final float p;
    private long seed;
    private long step;
    private Tensor output;
    private Tensor gradInput;
    private float[] mask = new float[0];

    /** Dropout with drop probability {@code p} in [0, 1). */
    public Dropout(float p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout probability must be in [0, 1), got " + p);
        }
        this.p = p;
    }

    @Override
    public String kind() {
        return "Dropout";
    }

    /** Drop probability. */
    public float probability() {
        return p;
    }

    /** Number of training-mode forward calls so far (the mask generator's position). */
    public long step() {
        return step;
    }

    /** The mask generator's seed (drawn at init). */
    public long seed() {
        return seed;
    }

    /** Restores the mask generator's seed (from a checkpoint). */
    public void setSeed(long seed) {
        this.seed = seed;
    }

    /** Restores the mask generator's position (from a checkpoint). */
    public void setStep(long step) {
        this.step = step;
    }

    @Override
    public void init(SplittableRandom rng) {
        seed = rng.nextLong();
        step = 0;
    }

    @Override
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        return ChannelFlow.CHANNEL_WISE;
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 1);
        return inputShapes.get(0).clone();
    }

    @Override
    public Tensor forward(Tensor[] inputs, boolean training) {
        Tensor x = inputs[0];
        if (!training || p == 0f) {
            return x;
        }
        output = Tensor.reuse(output, x.shape());
        int size = x.size();
        if (mask.length < size) {
            mask = new float[size];
        }
        float scale = 1f / (1f - p);
        long base = mix(seed + 0x9E3779B97F4A7C15L * ++step);
        float[] xd = x.data();
        float[] yd = output.data();
        for (int i = 0; i < size; i++) {
            double u = (mix(base + i) >>> 11) * 0x1.0p-53;
            mask[i] = u < p ? 0f : scale;
            yd[i] = xd[i] * mask[i];
        }
        return output;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        if (output == inputs[0]) {
            return new Tensor[] {gradOutput};
        }
        gradInput = Tensor.reuse(gradInput, gradOutput.shape());
        float[] dy = gradOutput.data();
        float[] dx = gradInput.data();
        for (int i = 0, n = gradOutput.size(); i < n; i++) {
            dx[i] = dy[i] * mask[i];
        }
        return new Tensor[] {gradInput};
    }

    /** SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
