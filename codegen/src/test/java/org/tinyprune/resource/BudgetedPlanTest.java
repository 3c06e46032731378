package org.tinyprune.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Quantization;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.plan.PlanChoice;
import org.tinyprune.plan.StreamPlanTest;

/**
 * The plan chosen within budgets, worked by hand on x [1, 1, 12, 12] → conv3x3 (4) → conv3x3 (4) →
 * maxpool 2×2 under a board whose stack is 100 B and whose kernels link 1,000 B (convolution), 300
 * B (max pool) and 2,000 B (the chain driver).
 */
class BudgetedPlanTest {
    private static final Quantization Q = Quantization.perTensor(0.05f, 1);
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Overheads BOARD =
            new Overheads(
                    0,
                    0,
                    100,
                    Map.of(),
                    new LinkedCode(
                            Map.of(),
                            0,
                            0,
                            Map.of(
                                    "conv",
                                    Map.of("tp_conv", 1000),
                                    "maxpool",
                                    Map.of("tp_max_pool", 300),
                                    "stream",
                                    Map.of("tp_stream_chain_s8", 2000))),
                    0,
                    false);
    private static final PlanChoice STREAMED = new PlanChoice(List.of(List.of("c1", "c2", "pool")));

    static Graph net() {
        return StreamPlanTest.stage("stage12", 12, 4);
    }

    @Test
    void theStreamingPlannerWeighsEveryLayerWholeAndTheChainItTakes() {
        // the whole stage (672 B of arena) beats c1..c2 or c2..pool, each leaving a 576 B map whole
        assertEquals(
                List.of(PlanChoice.LAYER_BY_LAYER, STREAMED),
                MemoryPlanner.streaming().choices(net()));
        assertEquals(
                List.of(PlanChoice.LAYER_BY_LAYER), MemoryPlanner.layerByLayer().choices(net()));
    }

    @Test
    void candidatesArePricedExactly() {
        List<BudgetedPlan.Candidate> c =
                BudgetedPlan.candidates(net(), BOARD, MemoryPlanner.streaming(), List.of());
        double[] whole = BudgetedPlan.totals(c.get(0).model().evaluate());
        double[] streamed = BudgetedPlan.totals(c.get(1).model().evaluate());
        // layer by layer: arena a 576 + b 576 + c2's im2col 144, stack 100 + interrupt frame 40
        assertEquals(1296 + 140, whole[1]);
        // streamed: x 144 + y 144 + lines 3·12·4 = 144 and 2·12·4 = 96 + im2col 144, and the
        // driver's 344 B
        assertEquals(672 + 140 + 344, streamed[1]);
        // the same constants and kernels, plus the driver's 2,000 B
        assertEquals(2000, streamed[0] - whole[0]);
    }

    @Test
    void theLeastSramThatMeetsEveryBudget() {
        Graph g = net();
        double flash =
                BudgetedPlan.totals(
                        ResourceModel.of(MemoryPlanner.layerByLayer().plan(g), BOARD).evaluate())[
                        0];
        // no budget binds: the least SRAM, streamed
        assertEquals(STREAMED, choose(g, INF, INF));
        assertEquals(STREAMED, choose(g, flash + 2000, 1156));
        // the driver does not fit the flash: every layer whole, although it takes more SRAM
        assertEquals(PlanChoice.LAYER_BY_LAYER, choose(g, flash + 1999, INF));
        assertEquals(PlanChoice.LAYER_BY_LAYER, choose(g, flash + 1999, 1436));
        // nothing meets both: layer by layer misses SRAM by 236/1,200 = 19.7 %, streamed the flash
        // by
        // 1/(flash + 1,999), far less
        assertEquals(STREAMED, choose(g, flash + 1999, 1200));
        // and the other way round: layer by layer misses 1,400 B of SRAM by 36/1,400 = 2.6 %,
        // streamed
        // misses the flash by 1,000/(flash + 1,000), more
        assertTrue(1000 / (flash + 1000) > 36.0 / 1400, "flash " + flash);
        assertEquals(PlanChoice.LAYER_BY_LAYER, choose(g, flash + 1000, 1400));
    }

    @Test
    void pickPrefersLessLatencyThenLessFlashAtEqualSram() {
        double[] b = {INF, INF, INF, INF};
        assertEquals(
                1,
                BudgetedPlan.pick(
                        List.of(new double[] {10, 5, 9, 0}, new double[] {20, 5, 8, 0}), b));
        assertEquals(
                0,
                BudgetedPlan.pick(
                        List.of(new double[] {10, 5, 8, 0}, new double[] {20, 5, 8, 0}), b));
        assertEquals(
                0,
                BudgetedPlan.pick(
                        List.of(new double[] {10, 5, 8, 0}, new double[] {10, 5, 8, 0}), b));
        // over a latency budget of 7: the one missing it by less, though its SRAM is higher
        double[] lat = {INF, INF, 7, INF};
        assertEquals(
                1,
                BudgetedPlan.pick(
                        List.of(new double[] {10, 4, 9, 0}, new double[] {10, 5, 8, 0}), lat));
    }

    private static PlanChoice choose(Graph g, double flash, double sram) {
        List<BudgetedPlan.Candidate> all =
                BudgetedPlan.candidates(g, BOARD, MemoryPlanner.streaming(), List.of());
        List<double[]> totals =
                all.stream().map(c -> BudgetedPlan.totals(c.model().evaluate())).toList();
        return all.get(BudgetedPlan.pick(totals, new double[] {flash, sram, INF, INF})).choice();
    }
}
