package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.kernel.Parallel;

/** An element-wise clamp y = min(max(x, 0), cap), base of {@link ReLU} and {@link ReLU6}. */
abstract class Activation extends Layer {
    private static final int CHUNKS = 8;
    private final float cap;
    private Tensor output;
    private Tensor gradInput;

    Activation(float cap) {
        this.cap = cap;
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
        Parallel.run(chunks, (c, w) -> {
            for (int i = Parallel.chunkStart(size, chunks, c), e = Parallel.chunkStart(size, chunks, c + 1); i < e; i++) {
                yd[i] = Math.min(Math.max(xd[i], 0f), cap);
            }
        });
        return output;
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
        Tensor x = inputs[0];
        gradInput = Tensor.reuse(gradInput, x.shape());
        float[] xd = x.data();
        float[] dy = gradOutput.data();
        float[] dx = gradInput.data();
        int size = x.size();
        int chunks = Parallel.chunks(size / 4096 + 1, CHUNKS);
        Parallel.run(chunks, (c, w) -> {
            for (int i = Parallel.chunkStart(size, chunks, c), e = Parallel.chunkStart(size, chunks, c + 1); i < e; i++) {
                float v = xd[i];
                dx[i] = v > 0f && v < cap ? dy[i] : 0f;
            }
        });
        return new Tensor[] {gradInput};
    }
}
