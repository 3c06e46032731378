package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Parallel;

/** An element-wise clamp y = min(max(x, 0), cap), base of {@link ReLU} and {@link ReLU6}. */
abstract class Activation extends Layer implements Int8Form {
    private static final int CHUNKS = 8;
    private final float cap;
    private Tensor output;
    private Tensor gradInput;

    Activation(float cap) {
        this.cap = cap;
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
        output = Tensor.reuse(output, x.shape());
        float[] xd = x.data();
        float[] yd = output.data();
        int size = x.size();
        int chunks = Parallel.chunks(size / 4096 + 1, CHUNKS);
        Parallel.run(
                chunks,
                (c, w) -> {
                    for (int i = Parallel.chunkStart(size, chunks, c),
                                    e = Parallel.chunkStart(size, chunks, c + 1);
                            i < e;
                            i++) {
                        yd[i] = Math.min(Math.max(xd[i], 0f), cap);
                    }
                });
        return output;
    }

    /**
     * Exactly 1 for v &gt; 0 and 0 for v &lt;= 0, branch-free so that C2 vectorises the loop (a
     * conditional is ~15× slower): (v·MAX)·MAX is at least 1.6e32 for the smallest positive
     * subnormal, so the clamp to [0, 1] yields 1 for every positive v.
     */
    private static float step(float v) {
        return Math.min(Math.max(v * Float.MAX_VALUE * Float.MAX_VALUE, 0f), 1f);
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor x = inputs[0];
        gradInput = Tensor.reuse(gradInput, x.shape());
        float[] xd = x.data();
        float[] dy = gradOutput.data();
        float[] dx = gradInput.data();
        int size = x.size();
        int chunks = Parallel.chunks(size / 4096 + 1, CHUNKS);
        boolean capped = cap != Float.POSITIVE_INFINITY;
        Parallel.run(
                chunks,
                (c, w) -> {
                    int start = Parallel.chunkStart(size, chunks, c);
                    int end = Parallel.chunkStart(size, chunks, c + 1);
                    for (int i = start; i < end; i++) {
                        dx[i] = dy[i] * step(xd[i]);
                    }
                    if (capped) {
                        for (int i = start; i < end; i++) {
                            dx[i] *= step(cap - xd[i]);
                        }
                    }
                });
        return new Tensor[] {gradInput};
    }

    /**
     * int8 CLAMP to {@code [0, cap]} in the input's quantisation; the quantiser fuses it into a
     * producer that takes an activation when it is that producer's only reader.
     */
    @Override
    public Lowering int8Form(List<int[]> inputShapes) {
        return Lowering.passThrough(
                OpKind.CLAMP, Attributes.DEFAULT.withClamp(new org.tinyprune.ir.Clamp(0f, cap)));
    }
}
