package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.OnnxForm;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Parallel;

/**
 * An element-wise function y = f(x) with no params: forward and backward (dx = dy · f'(x)) as
 * parallel loops over fixed chunks. Base of the smooth and piecewise-linear activations ({@link
 * Sigmoid}, {@link HardSigmoid}, {@link HardSwish}, {@link Clamp}). Being element-wise, a pointwise
 * layer maps channels one to one and exports as one ONNX node.
 */
abstract class Pointwise extends Layer implements OnnxForm {
    private static final int CHUNKS = 8;
    private Tensor output;
    private Tensor gradInput;

    /** f(x). */
    abstract float apply(float x);

    /** f'(x), given also y = f(x). */
    abstract float derivative(float x, float y);

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
                        yd[i] = apply(xd[i]);
                    }
                });
        return output;
    }

    @Override
    public Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor x = inputs[0];
        gradInput = Tensor.reuse(gradInput, x.shape());
        float[] xd = x.data();
        float[] yd = output.data();
        float[] dy = gradOutput.data();
        float[] dx = gradInput.data();
        int size = x.size();
        int chunks = Parallel.chunks(size / 4096 + 1, CHUNKS);
        Parallel.run(
                chunks,
                (c, w) -> {
                    for (int i = Parallel.chunkStart(size, chunks, c),
                                    e = Parallel.chunkStart(size, chunks, c + 1);
                            i < e;
                            i++) {
                        dx[i] = dy[i] * derivative(xd[i], yd[i]);
                    }
                });
        return new Tensor[] {gradInput};
    }
}
