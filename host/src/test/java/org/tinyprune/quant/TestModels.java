package org.tinyprune.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.layer.BatchNorm2d;

/** Small seeded graphs that use every layer the quantiser supports, for tests. */
final class TestModels {

    private TestModels() {}

    /**
     * conv+BN+ReLU, max pool, residual block with add+ReLU, depthwise+BN+ReLU6, 1×1 conv branch
     * concatenated, avg pool, standalone ReLU, global pool, flatten, dropout, dense.
     */
    static Graph everyLayer(long seed) {
        GraphBuilder b = Graph.builder("every-layer").input("input", 1, 12, 12);
        b.conv("c1", 6, 3, 1, 1).batchNorm("bn1").relu("r1").maxPool("mp", 2, 2, 0);
        String skip = b.current();
        b.conv("c2", 6, 3, 1, 1).batchNorm("bn2").add("add", b.current(), skip).relu("r2");
        String trunk = b.current();
        b.depthwise("dw", 3, 1, 1).batchNorm("bn3").relu6("r3");
        String left = b.current();
        b.from(trunk).conv("pw", 4, 1, 1, 0, 1, true);
        b.concat("cat", left, b.current()).avgPool("ap", 3, 2, 1).relu("r4");
        Graph g =
                b.globalAvgPool("gap").flatten("flat").dropout("drop", 0.2f).dense("fc", 5).build();
        g.init(seed);
        randomizeBatchNorm(g, seed);
        return g;
    }

    /** Gives every BatchNorm non-trivial statistics and affine params. */
    static void randomizeBatchNorm(Graph g, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed + 17);
        for (var n : g.nodes()) {
            if (n.layer() instanceof BatchNorm2d bn) {
                fill(bn.gamma(), rnd, 0.5, 1.5);
                fill(bn.beta(), rnd, -0.3, 0.3);
                fill(bn.runningMean(), rnd, -0.5, 0.5);
                fill(bn.runningVar(), rnd, 0.2, 2.0);
            }
        }
    }

    private static void fill(Param p, SplittableRandom rnd, double lo, double hi) {
        float[] v = p.values();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextDouble(lo, hi);
        }
    }

    /** Seeded batches of uniform noise in [-1, 1]. */
    static List<Tensor> noiseBatches(int[] sampleShape, int batches, int batchSize, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Tensor> out = new ArrayList<>();
        int per = 1;
        for (int d : sampleShape) {
            per *= d;
        }
        for (int i = 0; i < batches; i++) {
            int[] shape = new int[sampleShape.length + 1];
            shape[0] = batchSize;
            System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
            float[] data = new float[batchSize * per];
            for (int k = 0; k < data.length; k++) {
                data[k] = (float) rnd.nextDouble(-1, 1);
            }
            out.add(new Tensor(shape, data));
        }
        return out;
    }
}
