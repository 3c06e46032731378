package org.tinyprune.nn.layer;

import static org.tinyprune.nn.GradCheck.check;
import static org.tinyprune.nn.GradCheck.random;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Tensor;

/** Every layer's input and parameter gradients against central finite differences. */
class LayerGradientTest {
    private final SplittableRandom rng = new SplittableRandom(7);

    private <L extends Layer> L init(L layer) {
        layer.init(new SplittableRandom(11));
        return layer;
    }

    @Test
    void convStridePaddingBias() {
        Conv2d c = init(new Conv2d(3, 4, 3, 2, 1, 1, true));
        check(c, new Tensor[] {random(rng, 2, 3, 7, 6)}, true, 1);
    }

    @Test
    void convRectangularKernel() {
        Conv2d c = init(new Conv2d(2, 3, 3, 2, 1, 2, 0, 1, false));
        check(c, new Tensor[] {random(rng, 2, 2, 6, 5)}, true, 2);
    }

    @Test
    void convStride1NoPaddingAndFullPadding() {
        Conv2d valid = init(new Conv2d(3, 4, 3, 1, 0, 1, false));
        check(valid, new Tensor[] {random(rng, 2, 3, 6, 5)}, true, 20);
        Conv2d wide = init(new Conv2d(2, 3, 3, 1, 2, 1, true));
        check(wide, new Tensor[] {random(rng, 2, 2, 4, 4)}, true, 21);
    }

    @Test
    void convPointwise() {
        Conv2d c = init(new Conv2d(4, 5, 1, 1, 0, 1, true));
        check(c, new Tensor[] {random(rng, 3, 4, 3, 3)}, true, 3);
    }

    @Test
    void convGroups() {
        Conv2d c = init(new Conv2d(4, 6, 3, 1, 1, 2, true));
        check(c, new Tensor[] {random(rng, 2, 4, 5, 5)}, true, 4);
    }

    @Test
    void convDepthwiseStride1() {
        Conv2d c = init(new Conv2d(3, 3, 3, 1, 1, 3, true));
        check(c, new Tensor[] {random(rng, 2, 3, 5, 6)}, true, 5);
    }

    @Test
    void convDepthwiseStride2() {
        Conv2d c = init(new Conv2d(4, 4, 3, 2, 1, 4, false));
        check(c, new Tensor[] {random(rng, 2, 4, 7, 7)}, true, 6);
    }

    @Test
    void dense() {
        Dense d = init(new Dense(7, 4));
        check(d, new Tensor[] {random(rng, 3, 7)}, true, 7);
    }

    @Test
    void batchNormTrainMode() {
        BatchNorm2d b = init(new BatchNorm2d(3));
        for (int i = 0; i < 3; i++) {
            b.gamma().values()[i] = 0.5f + i;
            b.beta().values()[i] = 0.1f * i;
        }
        check(b, new Tensor[] {random(rng, 4, 3, 3, 2)}, true, 8);
    }

    @Test
    void batchNormEvalMode() {
        BatchNorm2d b = init(new BatchNorm2d(2));
        b.runningMean().values()[1] = 0.3f;
        b.runningVar().values()[0] = 2f;
        check(b, new Tensor[] {random(rng, 2, 2, 3, 3)}, false, 9);
    }

    @Test
    void reluAndRelu6() {
        Tensor x = random(rng, 2, 3, 4, 4);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] *= 8; // spans both kinks of ReLU6
        }
        check(new ReLU(), new Tensor[] {x}, true, 10);
        check(new ReLU6(), new Tensor[] {x}, true, 11);
    }

    @Test
    void reluGradientMaskIsExactAtTheEdges() {
        float[] v = {-1f, -0f, 0f, Float.MIN_VALUE, 1e-30f, 5.999f, 6f, 7f};
        Tensor x = new Tensor(new int[] {1, v.length}, v);
        Tensor dy = new Tensor(new int[] {1, v.length}, new float[] {3, 3, 3, 3, 3, 3, 3, 3});
        boolean[] need = {true};
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new float[] {0, 0, 0, 3, 3, 3, 3, 3},
                new ReLU().backward(new Tensor[] {x}, null, dy, need)[0].data(),
                0f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new float[] {0, 0, 0, 3, 3, 3, 0, 0},
                new ReLU6().backward(new Tensor[] {x}, null, dy, need)[0].data(),
                0f);
    }

    @Test
    void maxPoolWithPadding() {
        check(new MaxPool2d(3, 2, 1), new Tensor[] {separated(2, 2, 7, 6)}, true, 12);
        check(new MaxPool2d(2, 2, 0), new Tensor[] {separated(1, 2, 4, 4)}, true, 13);
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

    @Test
    void avgPoolWithPadding() {
        check(new AvgPool2d(3, 2, 1), new Tensor[] {random(rng, 2, 2, 7, 6)}, true, 14);
    }

    @Test
    void globalAvgPoolAndFlatten() {
        check(new GlobalAvgPool(), new Tensor[] {random(rng, 2, 3, 4, 5)}, true, 15);
        check(new Flatten(), new Tensor[] {random(rng, 2, 3, 2, 2)}, true, 16);
    }

    @Test
    void addAndConcat() {
        check(new Add(), new Tensor[] {random(rng, 2, 3, 2, 2), random(rng, 2, 3, 2, 2)}, true, 17);
        check(
                new Concat(),
                new Tensor[] {random(rng, 2, 3, 2, 2), random(rng, 2, 1, 2, 2)},
                true,
                18);
    }

    @Test
    void dropoutTrainMode() {
        Dropout d = init(new Dropout(0.3f));
        // each forward draws a new mask; pin the step so the finite differences see one mask
        Layer pinned =
                new Layer() {
                    @Override
                    public String kind() {
                        return "Dropout";
                    }

                    @Override
                    public int[] outputShape(java.util.List<int[]> s) {
                        return d.outputShape(s);
                    }

                    @Override
                    public Tensor forward(Tensor[] in, boolean training) {
                        d.setStep(41);
                        return d.forward(in, training);
                    }

                    @Override
                    public Tensor[] backward(Tensor[] in, Tensor out, Tensor g, boolean[] need) {
                        return d.backward(in, out, g, need);
                    }
                };
        check(pinned, new Tensor[] {random(rng, 2, 3, 4, 4)}, true, 19);
    }
}
