package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.Tensor;

class GraphSurgeryTest {

    static Graph randomised(long seed) {
        Graph g = CouplingGroupsTest.branchy();
        g.init(seed);
        SplittableRandom rng = new SplittableRandom(seed);
        for (Param p : g.params().values()) {
            if (p.name().equals("running_var")) {
                for (int i = 0; i < p.size(); i++) {
                    p.values()[i] = (float) (0.5 + rng.nextDouble());
                }
            } else if (!p.name().equals("weight")) {
                for (int i = 0; i < p.size(); i++) {
                    p.values()[i] = (float) rng.nextGaussian();
                }
            }
        }
        return g;
    }

    static Tensor input(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = new Tensor(3, 2, 8, 8);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    /** Removing channels physically gives the same outputs as zeroing them with gates. */
    @Test
    void selectEqualsGatedWithZeroMasks() {
        Graph g = randomised(7);
        CouplingGroups cg = CouplingGroups.analyse(g);
        Map<Integer, float[]> masks = new HashMap<>();
        Map<Integer, double[]> grads = new HashMap<>();
        Map<Integer, int[]> keep = new HashMap<>();
        SplittableRandom rng = new SplittableRandom(3);
        for (CouplingGroups.Group grp : cg.prunable()) {
            float[] m = new float[grp.channels()];
            int[] k = new int[grp.channels()];
            int n = 0;
            for (int c = 0; c < m.length; c++) {
                if (c == 0 || rng.nextBoolean()) {
                    m[c] = 1;
                    k[n++] = c;
                }
            }
            masks.put(grp.id(), m);
            grads.put(grp.id(), new double[m.length]);
            keep.put(grp.id(), java.util.Arrays.copyOf(k, n));
        }
        Graph gated = GraphSurgery.withGates(g, cg, masks, grads);
        Graph pruned = GraphSurgery.select(g, cg, keep);
        assertTrue(pruned.paramCount() < g.paramCount());
        Tensor x = input(11);
        float[] expect = gated.forward(x).data();
        float[] got = pruned.forward(x).data();
        for (int i = 0; i < expect.length; i++) {
            assertEquals(expect[i], got[i], 1e-4, "output " + i);
        }
        Graph ungated = GraphSurgery.withoutGates(gated);
        assertEquals(g.nodes().size(), ungated.nodes().size());
        assertArrayEquals(g.forward(x).data(), ungated.forward(x).data(), 1e-6f);
    }

    @Test
    void gatesSitAfterBatchNorm() {
        Graph g = randomised(1);
        CouplingGroups cg = CouplingGroups.analyse(g);
        Map<Integer, float[]> masks = new HashMap<>();
        Map<Integer, double[]> grads = new HashMap<>();
        for (CouplingGroups.Group grp : cg.prunable()) {
            masks.put(grp.id(), new float[grp.channels()]);
            grads.put(grp.id(), new double[grp.channels()]);
        }
        Graph gated = GraphSurgery.withGates(g, cg, masks, grads);
        assertEquals(
                java.util.List.of("stem_bn" + GraphSurgery.GATE), gated.node("stem_relu").inputs());
        assertEquals(
                java.util.List.of("side" + GraphSurgery.GATE), gated.node("side_relu").inputs());
        assertTrue(
                gated.nodes().stream().noneMatch(n -> n.name().equals("fc" + GraphSurgery.GATE)));
    }

    @Test
    void refusesToEmptyAGroupOrPruneTheInput() {
        Graph g = randomised(1);
        CouplingGroups cg = CouplingGroups.analyse(g);
        int stem = cg.map("stem").singleGroup();
        assertThrows(
                IllegalArgumentException.class,
                () -> GraphSurgery.select(g, cg, Map.of(stem, new int[0])));
        int x = cg.map("x").singleGroup();
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> GraphSurgery.select(g, cg, Map.of(x, new int[] {0})));
        assertTrue(e.getMessage().contains("network input"), e.getMessage());
    }
}
