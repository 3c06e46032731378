package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Tensor;

class MaskFoldingTest {
    /**
     * After folding, the gate-free network computes what the gated one did (masks strictly inside
     * (0, 1)).
     */
    @Test
    void foldedNetworkWithoutGatesEqualsGatedNetwork() {
        Graph g = GraphSurgeryTest.randomised(5);
        CouplingGroups cg = CouplingGroups.analyse(g);
        Map<Integer, float[]> masks = new HashMap<>();
        Map<Integer, double[]> grads = new HashMap<>();
        SplittableRandom rng = new SplittableRandom(9);
        for (CouplingGroups.Group grp : cg.prunable()) {
            float[] m = new float[grp.channels()];
            for (int c = 0; c < m.length; c++) {
                m[c] = (float) (0.05 + 0.9 * rng.nextDouble());
            }
            masks.put(grp.id(), m);
            grads.put(grp.id(), new double[m.length]);
        }
        Graph gated = GraphSurgery.withGates(g, cg, masks, grads);
        Tensor x = GraphSurgeryTest.input(4);
        float[] expect = gated.forward(x).data().clone();
        float[] unfolded = GraphSurgery.withoutGates(gated).forward(x).data().clone();
        MaskFolding.fold(gated);
        float[] got = GraphSurgery.withoutGates(gated).forward(x).data();
        double shift = 0;
        for (int i = 0; i < expect.length; i++) {
            assertTrue(Float.isFinite(expect[i]), "output " + i + " is " + expect[i]);
            assertEquals(expect[i], got[i], 1e-4 * (1 + Math.abs(expect[i])), "output " + i);
            shift = Math.max(shift, Math.abs(expect[i] - unfolded[i]));
        }
        assertTrue(
                shift > 1e-2,
                "without folding, dropping the gates changes the outputs (by " + shift + ")");
    }
}
