package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.plan.PlanChoice;
import org.tinyprune.resource.Overheads;

class CostViewTest {
    static CostView view(Graph g) {
        return CostView.of(g, CouplingGroups.analyse(g), Overheads.NONE);
    }

    @Test
    void convAndDenseMacsMatchTheGraphsOwnCount() {
        Graph g = CouplingGroupsTest.branchy();
        long convAndDense = 0;
        for (var n : g.nodes()) {
            String k = n.layer().kind();
            if (k.contains("Conv") || k.equals("Dense")) {
                convAndDense += g.macs(n.name());
            }
        }
        double modelled =
                view(g).estimate().layers().stream()
                        .filter(
                                l ->
                                        l.opKey() != null
                                                && (l.opKey().startsWith("conv")
                                                        || l.opKey().equals("depthwise")
                                                        || l.opKey().equals("dense")))
                        .mapToDouble(l -> l.macs())
                        .sum();
        assertEquals(convAndDense, modelled, 1e-9);
    }

    /**
     * One code path: the model at pruned integer widths equals the model of the physically pruned
     * graph, as long as the pruned graph keeps the full graph's execution order and placement (the
     * structure the model fixes). Halving the widths here makes the minimum-peak order run the side
     * branch before the in-place depthwise instead of after it; the full graph's order then stays a
     * valid, more conservative plan (the pruner re-plans the hardened graph). Layer by layer:
     * whether a chain is worth streaming is part of the structure too ({@link
     * #aPrunedGraphNoLongerWorthStreaming}).
     */
    @Test
    void integerWidthsAgreeExactlyWithThePrunedGraph() {
        Graph g = GraphSurgeryTest.randomised(5);
        for (int drop : new int[] {1, 0}) {
            CouplingGroups cg = CouplingGroups.analyse(g);
            CostView v = CostView.of(g, cg, Overheads.NONE, MemoryPlanner.layerByLayer());
            double[] counts = v.fullCounts();
            Map<Integer, int[]> keep = new HashMap<>();
            for (int i = 0; i < counts.length; i++) {
                CouplingGroups.Group grp = v.variables().get(i);
                int k =
                        drop == 1
                                ? Math.max(1, grp.channels() - 1 - i % 2)
                                : Math.max(1, grp.channels() / 2 + i % 2);
                counts[i] = k;
                keep.put(grp.id(), IntStream.range(0, k).toArray());
            }
            Usage soft = v.evaluate(counts);
            Graph pruned = GraphSurgery.select(g, cg, keep);
            Usage hard =
                    CostView.of(
                                    pruned,
                                    CouplingGroups.analyse(pruned),
                                    Overheads.NONE,
                                    MemoryPlanner.layerByLayer())
                            .evaluate();
            assertEquals(hard.flashBytes(), soft.flashBytes());
            assertEquals(hard.macs(), soft.macs());
            assertEquals(hard.latencyCycles(), soft.latencyCycles());
            if (drop == 1) {
                assertEquals(hard.arenaBytes(), soft.arenaBytes());
                assertEquals(hard.sramBytes(), soft.sramBytes());
            } else {
                assertEquals(904, hard.arenaBytes()); // order stem, expand, side, dw, ...
                assertEquals(
                        964,
                        soft.arenaBytes()); // the full graph's order: stem, expand, dw, side, ...
                assertEquals(
                        soft.sramBytes() - soft.arenaBytes(), hard.sramBytes() - hard.arenaBytes());
            }
        }
    }

    /**
     * The view weighs every plan at every set of widths. On a board (stack modelled, so a streamed
     * plan pays the driver's 344 B of frames) the full graph streams its expand → depthwise →
     * project chain; at the pruned widths the chain saves less arena than those frames, so the view
     * answers with every layer whole, as the pruned graph's own view does, and predicts its SRAM.
     * (The view used to keep the full graph's streamed plan at every width: the pruned graph was
     * then built layer by layer, with up to the driver's frames more SRAM than predicted, and
     * without the driver's flash that had been priced.)
     */
    @Test
    void aPrunedGraphNoLongerWorthStreaming() {
        Overheads board = new Overheads(0, 0, 100, Map.of());
        Graph g = GraphSurgeryTest.randomised(5);
        CouplingGroups cg = CouplingGroups.analyse(g);
        CostView v = CostView.of(g, cg, board, MemoryPlanner.streaming());
        assertEquals("streamed expand..project (3 layers)", v.streamSummary());
        double[] counts = v.fullCounts();
        Map<Integer, int[]> keep = new HashMap<>();
        for (int i = 0; i < counts.length; i++) {
            CouplingGroups.Group grp = v.variables().get(i);
            int k = Math.max(1, grp.channels() - 1 - i % 2);
            counts[i] = k;
            keep.put(grp.id(), IntStream.range(0, k).toArray());
        }
        Graph pruned = GraphSurgery.select(g, cg, keep);
        CostView hard =
                CostView.of(
                        pruned, CouplingGroups.analyse(pruned), board, MemoryPlanner.streaming());
        assertEquals("", hard.streamSummary());
        assertEquals(PlanChoice.LAYER_BY_LAYER, hard.choice());
        Usage soft = v.evaluate(counts);
        CostView.Floor floor = v.sramFloor(counts);
        assertEquals(PlanChoice.LAYER_BY_LAYER, floor.choice());
        assertEquals(floor.sramBytes(), soft.sramBytes());
        assertEquals(hard.evaluate().sramBytes(), soft.sramBytes());
        assertEquals(hard.evaluate().flashBytes(), soft.flashBytes());
    }

    @Test
    void macGradientsMatchFiniteDifferences() {
        CostView v = view(GraphSurgeryTest.randomised(5));
        double[] x = v.fullCounts();
        for (int i = 0; i < x.length; i++) {
            x[i] -= 0.37;
        }
        Usage u = v.evaluate(x);
        for (int i = 0; i < x.length; i++) {
            double[] hi = x.clone();
            double[] lo = x.clone();
            hi[i] += 1e-3;
            lo[i] -= 1e-3;
            double fd = (v.evaluate(hi).macs() - v.evaluate(lo).macs()) / 2e-3;
            assertEquals(
                    fd,
                    u.gradients()[Resource.MACS.ordinal()][i],
                    1e-6 * Math.max(1, Math.abs(fd)),
                    "group " + i);
        }
    }
}
