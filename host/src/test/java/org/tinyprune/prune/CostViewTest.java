package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.resource.Coefficients;
import org.tinyprune.resource.Estimate;
import org.tinyprune.resource.ResourceModel;

class CostViewTest {
    private static final ResourceModel MODEL = new ResourceModel(new Coefficients(Map.of(), 0, 0, 0));

    @Test
    void fullWidthMacsMatchTheGraphsOwnCount() {
        Graph g = CouplingGroupsTest.branchy();
        CostView v = CostView.of(g, CouplingGroups.analyse(g));
        Estimate e = MODEL.evaluate(v.costGraph(), v.fullCounts());
        long convAndDense = 0;
        for (var n : g.nodes()) {
            String k = n.layer().kind();
            if (k.contains("Conv") || k.equals("Dense")) {
                convAndDense += g.macs(n.name());
            }
        }
        assertEquals(convAndDense, e.macs(), 1e-9);
    }

    /** The model's value at the pruned integer counts equals its value on the physically pruned graph. */
    @Test
    void integerCountsAgreeWithThePrunedGraph() {
        Graph g = CouplingGroupsTest.branchy();
        CouplingGroups cg = CouplingGroups.analyse(g);
        CostView v = CostView.of(g, cg);
        double[] counts = v.fullCounts();
        Map<Integer, int[]> keep = new java.util.HashMap<>();
        for (int i = 0; i < counts.length; i++) {
            CouplingGroups.Group grp = v.variables().get(i);
            int k = Math.max(1, grp.channels() / 2);
            counts[i] = k;
            keep.put(grp.id(), java.util.stream.IntStream.range(0, k).toArray());
        }
        Graph pruned = GraphSurgery.select(g, cg, keep);
        CostView pv = CostView.of(pruned, CouplingGroups.analyse(pruned));
        Estimate soft = MODEL.evaluate(v.costGraph(), counts);
        Estimate hard = MODEL.evaluate(pv.costGraph(), pv.fullCounts());
        assertEquals(hard.flashBytes(), soft.flashBytes());
        assertEquals(hard.arenaBytes(), soft.arenaBytes());
        assertEquals(hard.macs(), soft.macs());
        assertEquals(hard.latencyCycles(), soft.latencyCycles());
    }
}
