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
        double[] budgets = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
            0.5 * full[Resource.MACS.ordinal()]};
        int vars = view.variables().size();
        int[] start = new int[vars];
        Arrays.fill(start, 1);
        double[][] scores = new double[vars][];
        Arrays.setAll(scores, v -> {
            double[] s = new double[view.variables().get(v).channels()];
            Arrays.setAll(s, i -> i + 1.0);
            return s;
        });
        int[] filled = Hardening.fill(view, budgets, start, 1, scores);
        assertTrue(Hardening.within(view.evaluate(Hardening.toDouble(filled)).totals(), budgets));
        assertTrue(Arrays.stream(filled).sum() > vars, "channels were given back: " + Arrays.toString(filled));
        for (int v = 0; v < vars; v++) {
            if (filled[v] < view.variables().get(v).channels()) {
                int[] more = filled.clone();
                more[v]++;
                assertFalse(Hardening.within(view.evaluate(Hardening.toDouble(more)).totals(), budgets),
                        "group " + v + " could still take a channel: " + Arrays.toString(filled));
            }
        }
    }
}
