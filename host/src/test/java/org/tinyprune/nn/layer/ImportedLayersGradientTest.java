package org.tinyprune.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.tinyprune.nn.GradCheck.check;
import static org.tinyprune.nn.GradCheck.random;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Tensor;

/**
 * The layers and options imported ONNX models need (dilated convolution, zero padding, general
 * pooling windows, smooth and piecewise activations, broadcast product, channel shuffle, reshape):
 * input and parameter gradients against central finite differences.
 */
class ImportedLayersGradientTest {
    private final SplittableRandom rng = new SplittableRandom(17);

    /**
     * Random values in [-scale, scale) kept at least 0.03 away from each kink (FD step is 0.01).
     */
    private Tensor awayFrom(float scale, float[] kinks, int... shape) {
        Tensor t = random(rng, shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] *= scale;
            for (float k : kinks) {
                if (Math.abs(d[i] - k) < 0.03f) {
                    d[i] = k + (d[i] >= k ? 0.03f : -0.03f);
                }
            }
        }
        return t;
    }

    @Test
    void dilatedConvolution() {
        Conv2d c = new Conv2d(4, 6, 3, 3, 1, 2, 2, 2, 2, 2, true);
        c.init(new SplittableRandom(3));
        check(c, new Tensor[] {random(rng, 2, 4, 7, 7)}, true, 1);
        Conv2d dw = new Conv2d(3, 3, 3, 2, 2, 1, 0, 3, 1, 3, false);
        dw.init(new SplittableRandom(4));
        check(dw, new Tensor[] {random(rng, 2, 3, 9, 6)}, true, 2);
    }

    @Test
    void zeroPad() {
        check(new ZeroPad2d(1, 0, 2, 3), new Tensor[] {random(rng, 2, 3, 4, 5)}, true, 3);
    }

    @Test
    void poolingWindows() {
        check(
                new AvgPool2d(3, 2, 2, 1, 1, 0, 0, 1, true, false, 7, 6),
                new Tensor[] {random(rng, 2, 2, 7, 6)},
                true,
                4);
        check(
                new AvgPool2d(3, 3, 2, 2, 1, 1, 1, 1, true, true, 8, 8),
                new Tensor[] {random(rng, 2, 2, 8, 8)},
                true,
                5);
        check(
                new AvgPool2d(5, 3, 5, 3, 0, 0, 0, 0, false, false, 10, 6),
                new Tensor[] {random(rng, 2, 2, 10, 6)},
                true,
                6);
        check(
                new MaxPool2d(3, 2, 2, 1, 1, 0, 0, 1, true, 7, 6),
                new Tensor[] {separated(2, 2, 7, 6)},
                true,
                7);
    }

    @Test
    void smoothAndPiecewiseActivations() {
        check(new Sigmoid(), new Tensor[] {random(rng, 2, 3, 4, 4)}, true, 8);
        check(
                new HardSigmoid(1f / 6, 0.5f),
                new Tensor[] {awayFrom(5f, new float[] {-3f, 3f}, 2, 3, 4, 4)},
                true,
                9);
        check(
                new HardSigmoid(0.2f, 0.5f),
                new Tensor[] {awayFrom(4f, new float[] {-2.5f, 2.5f}, 2, 5)},
                true,
                10);
        check(
                new HardSwish(),
                new Tensor[] {awayFrom(5f, new float[] {-3f, 3f}, 2, 3, 4, 4)},
                true,
                11);
        check(
                new Clamp(-1f, 2f),
                new Tensor[] {awayFrom(3f, new float[] {-1f, 2f}, 2, 3, 3, 3)},
                true,
                12);
        check(
                new Clamp(Float.NEGATIVE_INFINITY, 0.5f),
                new Tensor[] {awayFrom(2f, new float[] {0.5f}, 2, 7)},
                true,
                13);
    }

    @Test
    void broadcastProduct() {
        check(new Mul(), new Tensor[] {random(rng, 2, 4, 3, 3), random(rng, 2, 4, 1, 1)}, true, 14);
        check(new Mul(), new Tensor[] {random(rng, 2, 4, 1, 1), random(rng, 2, 4, 3, 3)}, true, 15);
        check(new Mul(), new Tensor[] {random(rng, 2, 3, 2, 5), random(rng, 2, 3, 2, 5)}, true, 16);
        check(new Mul(), new Tensor[] {random(rng, 3, 6), random(rng, 3, 6)}, true, 17);
    }

    @Test
    void channelShuffleAndReshape() {
        check(new ChannelShuffle(3), new Tensor[] {random(rng, 2, 6, 2, 3)}, true, 18);
        check(new Reshape(6, 1, 1), new Tensor[] {random(rng, 3, 6)}, true, 19);
    }

    @Test
    void channelShuffleInterleavesGroups() {
        float[] v = {0, 1, 2, 3, 4, 5};
        Tensor x = new Tensor(new int[] {1, 6, 1, 1}, v);
        assertArrayEquals(
                new float[] {0, 3, 1, 4, 2, 5},
                new ChannelShuffle(2).forward(new Tensor[] {x}, false).data());
        assertArrayEquals(
                new float[] {0, 2, 4, 1, 3, 5},
                new ChannelShuffle(3).forward(new Tensor[] {x}, false).data());
    }

    /**
     * Distinct values at least 0.05 apart in shuffled order, so no max is within the FD step of a
     * tie.
     */
    private Tensor separated(int... shape) {
        Tensor t = new Tensor(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.05f * (i - d.length / 2);
        }
        for (int i = d.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            float tmp = d[i];
            d[i] = d[j];
            d[j] = tmp;
        }
        return t;
    }
}
