package org.tinyprune.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reverse-mode differentiation over a branching graph: a node read by two and three consumers
 * (residual add, concat), BatchNorm in training mode, pooling, dense. Param gradients against
 * central finite differences of L = Σ output·r.
 */
class GraphGradientTest {
    static Graph branching() {
        GraphBuilder b = Graph.builder("branch").input("input", 2, 6, 6);
        b.conv("c1", 3, 3, 1, 1, 1, true).batchNorm("bn1").relu("r1");
        String r1 = b.current();
        b.conv("c2", 3, 3, 1, 1, 1, true).add("add", r1, "c2");
        b.concat("cat", "add", r1).maxPool("pool", 2, 2, 0);
        b.depthwise("dw", 3, 1, 1).globalAvgPool("gap").flatten("flat");
        Graph g = b.dense("fc", 3).build();
        g.init(5);
        return g;
    }

    private static double loss(GraphRunner runner, Tensor x, Tensor r) {
        Tensor y = runner.forward(new Tensor[] {x}, true);
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            s += (double) y.data()[i] * r.data()[i];
        }
        return s;
    }

    @Test
    void paramGradientsMatchFiniteDifferences() {
        Graph g = branching();
        assertEquals(java.util.List.of("c2", "add", "cat"), g.consumers("r1"));
        SplittableRandom rng = new SplittableRandom(3);
        Tensor x = GradCheck.random(rng, 3, 2, 6, 6);
        GraphRunner runner = new GraphRunner(g);
        Tensor y = runner.forward(new Tensor[] {x}, true);
        Tensor r = GradCheck.random(rng, y.shape());
        runner.zeroGrads();
        runner.backward(r);
        float eps = 1e-3f; // small enough that no max-pool window changes its winner
        int checked = 0;
        for (Map.Entry<String, Param> e : g.params().entrySet()) {
            Param p = e.getValue();
            if (!p.trainable()) {
                continue;
            }
            float[] analytic = p.grads().clone();
            for (int i = 0; i < p.size(); i++) {
                float old = p.values()[i];
                p.values()[i] = old + eps;
                double plus = loss(runner, x, r);
                p.values()[i] = old - eps;
                double minus = loss(runner, x, r);
                p.values()[i] = old;
                double numeric = (plus - minus) / (2 * eps);
                assertTrue(
                        Math.abs(numeric - analytic[i]) <= 2e-3 + 1e-2 * Math.abs(numeric),
                        e.getKey()
                                + "["
                                + i
                                + "]: analytic "
                                + analytic[i]
                                + " vs numeric "
                                + numeric);
                checked++;
            }
        }
        assertTrue(checked > 100);
    }

    @Test
    void shapesParamsAndMacs() {
        Graph g = branching();
        assertEquals("[6, 3, 3]", Shapes.str(g.shape("pool")));
        assertEquals("[3]", Shapes.str(g.outputShape()));
        // c1: 3·2·9 + 3 bias; bn1: 3 + 3; c2: 3·3·9 + 3; dw: 6·9; fc: 6·3 + 3
        assertEquals(57 + 6 + 84 + 54 + 21, g.paramCount());
        assertEquals(3L * 36 * 2 * 9, g.macs("c1"));
    }

    @Test
    void badGraphsAreRejectedWithTheNodeName() {
        GraphBuilder b = Graph.builder("bad").input("input", 1, 8, 8).conv("c1", 4, 3, 1, 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> b.dense("fc", 10));
        assertTrue(
                e.getMessage().contains("fc") && e.getMessage().contains("flatten"),
                e.getMessage());
        GraphBuilder b2 = Graph.builder("bad2").input("input", 1, 8, 8).conv("c1", 4, 3, 1, 1);
        b2.from("input").conv("c2", 5, 3, 1, 1);
        e = assertThrows(IllegalArgumentException.class, () -> b2.add("add", "c1", "c2"));
        assertTrue(e.getMessage().contains("add"), e.getMessage());
    }

    @Test
    void replaceWithPrunedLayerKeepsKeptChannelsOutputs() {
        GraphBuilder b = Graph.builder("p").input("input", 1, 5, 5);
        Graph g = b.conv("c1", 4, 3, 1, 1, 1, true).build();
        g.init(1);
        SplittableRandom rng = new SplittableRandom(9);
        Tensor x = GradCheck.random(rng, 2, 1, 5, 5);
        Tensor full = g.forward(x);
        org.tinyprune.nn.layer.Conv2d c = (org.tinyprune.nn.layer.Conv2d) g.node("c1").layer();
        g.replace("c1", c.selectChannels(new int[] {0}, new int[] {3, 1}));
        Tensor pruned = g.forward(x);
        assertEquals("[2]", Shapes.str(g.shape("c1")).substring(0, 2) + "]");
        for (int s = 0; s < 2; s++) {
            for (int j = 0; j < 25; j++) {
                assertEquals(
                        full.data()[(s * 4 + 3) * 25 + j], pruned.data()[(s * 2) * 25 + j], 0f);
                assertEquals(
                        full.data()[(s * 4 + 1) * 25 + j], pruned.data()[(s * 2 + 1) * 25 + j], 0f);
            }
        }
    }
}
