package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;

class HardeningTest {
    /** Filling from the smallest network ends within budget, and no group can take another step. */
    @Test
    void fillSpendsLeftoverBudgetUntilNoGroupFits() {
        Graph g = GraphSurgeryTest.randomised(7);
        CostView view = CostViewTest.view(g);
        double[] full = view.evaluate().totals();
        double[] budgets = {
            Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            0.5 * full[Resource.MACS.ordinal()]
        };
        int vars = view.variables().size();
        int[] start = new int[vars];
        Arrays.fill(start, 1);
        double[][] scores = new double[vars][];
        Arrays.setAll(
                scores,
                v -> {
                    double[] s = new double[view.variables().get(v).channels()];
                    Arrays.setAll(s, i -> i + 1.0);
                    return s;
                });
        int[] filled = Hardening.fill(view, budgets, start, 1, scores);
        assertTrue(Hardening.within(view.evaluate(Hardening.toDouble(filled)).totals(), budgets));
        assertTrue(
                Arrays.stream(filled).sum() > vars,
                "channels were given back: " + Arrays.toString(filled));
        for (int v = 0; v < vars; v++) {
            if (filled[v] < view.variables().get(v).channels()) {
                int[] more = filled.clone();
                more[v]++;
                assertFalse(
                        Hardening.within(view.evaluate(Hardening.toDouble(more)).totals(), budgets),
                        "group " + v + " could still take a channel: " + Arrays.toString(filled));
            }
        }
    }

    /**
     * An impossible SRAM budget is refused naming the streamed floor, worked by hand on 1×12×12 →
     * conv3x3 (8) → conv3x3 (8) → maxpool 2×2 → global pool → dense 3 at its 4-channel minimum on a
     * board with 100 B of stack (+ the 40 B interrupt frame): streamed, the chain's step holds x
     * (144) and the pool's output (4×6×6 = 144) beside its line buffers (3·12·4 = 144 and 2·12·4 =
     * 96) and the second convolution's im2col (4·36 = 144): 672 B of arena, + 140 + the driver's
     * 344 B of stack = 1,156 B; every layer whole it would be 576 + 576 + 144 = 1,296 + 140 = 1,436
     * B.
     */
    @Test
    void anImpossibleSramBudgetNamesTheStreamedFloor() {
        Graph g =
                org.tinyprune.nn.Graph.builder("stage12")
                        .input("input", 1, 12, 12)
                        .conv("c1", 8, 3, 1, 1)
                        .relu("r1")
                        .conv("c2", 8, 3, 1, 1)
                        .relu("r2")
                        .maxPool("mp", 2, 2, 0)
                        .globalAvgPool("gap")
                        .flatten("flat")
                        .dense("fc", 3)
                        .build();
        g.init(3);
        org.tinyprune.resource.Overheads board =
                new org.tinyprune.resource.Overheads(0, 0, 100, java.util.Map.of());
        double inf = Double.POSITIVE_INFINITY;
        CostView view =
                CostView.of(
                        g,
                        CouplingGroups.analyse(g),
                        board,
                        org.tinyprune.plan.MemoryPlanner.streaming());
        BudgetInfeasibleException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        BudgetInfeasibleException.class,
                        () -> Hardening.checkFeasible(view, new double[] {inf, 1000, inf, inf}, 4));
        assertTrue(
                e.getMessage()
                        .contains("SRAM     budget 1,000 bytes, smallest achievable 1,156  (over)"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains(
                                "The SRAM floor is 1,156 bytes, with streamed c1..mp (3 layers): only "
                                        + "line buffers of their intermediate maps."),
                e.getMessage());
        // the budget it names is the floor: 1,156 B is feasible
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(
                () -> Hardening.checkFeasible(view, new double[] {inf, 1156, inf, inf}, 4));
    }
}
