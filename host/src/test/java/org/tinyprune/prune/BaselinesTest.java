package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.resource.Overheads;

class BaselinesTest {
    private static final Overheads MODEL = Overheads.NONE;

    private static Usage estimate(Graph g) {
        return CostViewTest.view(g).evaluate();
    }

    @Test
    void uniformScalesEveryGroupByOneMultiplierToTheBudget() throws Exception {
        Graph base = GraphSurgeryTest.randomised(2);
        double budget = estimate(base).flashBytes() * 0.5;
        Graph narrow =
                Baselines.uniform(
                        base,
                        MODEL,
                        new Budgets(
                                budget,
                                Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY),
                        2,
                        false);
        assertTrue(estimate(narrow).flashBytes() <= budget);
        // every prunable group kept the same fraction (to the rounding multiple)
        double stem = ((Conv2d) narrow.node("stem").layer()).outChannels() / 6.0;
        double expand = ((Conv2d) narrow.node("expand").layer()).outChannels() / 12.0;
        assertEquals(stem, expand, 2.0 / 6);
        assertTrue(((Conv2d) narrow.node("expand").layer()).outChannels() % 2 == 0);
    }

    @Test
    void l1KeepsTheLargestFiltersAndMeetsTheBudget() throws Exception {
        Graph base = GraphSurgeryTest.randomised(4);
        dominate(
                (Conv2d) base.node("side").layer(),
                2); // channel 2 of 'side' has by far the largest L1 norm
        double budget = estimate(base).macs() * 0.5;
        Graph pruned =
                Baselines.l1(
                        base,
                        MODEL,
                        new Budgets(
                                Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY,
                                budget),
                        1);
        assertTrue(estimate(pruned).macs() <= budget);
        assertTrue(
                maxAbs(((Conv2d) pruned.node("side").layer()).weight().values()) > 10,
                "the dominant filter survived");
    }

    @Test
    void uniformOnATrainedNetworkKeepsTheLargestFiltersAtTheSameWidths() throws Exception {
        Graph base = GraphSurgeryTest.randomised(4);
        Conv2d side = (Conv2d) base.node("side").layer();
        dominate(
                side,
                side.outChannels()
                        - 1); // the last channel of 'side' has by far the largest L1 norm
        double budget = estimate(base).macs() * 0.5;
        Budgets b =
                new Budgets(
                        Double.POSITIVE_INFINITY,
                        Double.POSITIVE_INFINITY,
                        Double.POSITIVE_INFINITY,
                        budget);
        Graph fresh = Baselines.uniform(base, MODEL, b, 1, false);
        Graph trained = Baselines.uniform(base, MODEL, b, 1, true);
        Conv2d freshSide = (Conv2d) fresh.node("side").layer();
        Conv2d trainedSide = (Conv2d) trained.node("side").layer();
        assertEquals(
                freshSide.outChannels(),
                trainedSide.outChannels(),
                "the same multiplier either way");
        assertTrue(freshSide.outChannels() < side.outChannels());
        assertTrue(
                maxAbs(trainedSide.weight().values()) > 10,
                "the dominant (last) filter is kept when trained");
        assertTrue(
                maxAbs(freshSide.weight().values()) < 10,
                "the first channels are kept when freshly initialised");
    }

    /**
     * Scales output channel {@code c} of {@code conv} so that its filter has by far the largest L1
     * norm.
     */
    private static void dominate(Conv2d conv, int c) {
        float[] w = conv.weight().values();
        int per = w.length / conv.outChannels();
        for (int i = 0; i < per; i++) {
            w[c * per + i] *= 100;
        }
    }

    private static float maxAbs(float[] values) {
        float big = 0;
        for (float v : values) {
            big = Math.max(big, Math.abs(v));
        }
        return big;
    }
}
