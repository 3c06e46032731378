package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.nn.Graph;
import org.tinyprune.resource.Overheads;

/**
 * Every pruning method given {@link Budgets#plannedWith} a latency margin m ends at or below budget
 * / (1 + m) by the calibrated latency model of qemu-m4, and a margin of 0 plans exactly as the
 * budget itself.
 */
class PlannedLatencyTest {
    /**
     * Large enough that, at this small graph's channel granularity, the plan differs from the
     * budget.
     */
    private static final double MARGIN = 0.25;

    private interface Method {
        Graph prune(Graph base, Overheads o, Budgets b) throws BudgetInfeasibleException;
    }

    private static final Map<String, Method> METHODS =
            Map.of(
                    "uniform", (g, o, b) -> Baselines.uniform(g, o, b, 1, false),
                    "l1", (g, o, b) -> Baselines.l1(g, o, b, 1),
                    "dnp",
                            (g, o, b) ->
                                    new SoftPruner(g, o, b, Salience.FILTER_NORM, 1, 0.02)
                                            .harden());

    private static double latency(Graph g, Overheads o) {
        return CostView.of(g, CouplingGroups.analyse(g), o).evaluate().latencyCycles();
    }

    @Test
    void everyMethodMeetsTheBudgetLessTheMargin() throws Exception {
        Overheads m4 =
                Overheads.of(
                        new BoardRegistry(RepositoryRoot.locate().resolve("boards"))
                                .load("qemu-m4"));
        Graph base = GraphSurgeryTest.randomised(3);
        double budget = 0.8 * latency(base, m4);
        double inf = Double.POSITIVE_INFINITY;
        Budgets user = new Budgets(inf, inf, budget, inf);
        for (Map.Entry<String, Method> m : METHODS.entrySet()) {
            Graph planned = m.getValue().prune(base, m4, user.plannedWith(MARGIN));
            Graph asGiven = m.getValue().prune(base, m4, user.plannedWith(0));
            Graph unplanned = m.getValue().prune(base, m4, user);
            String name = m.getKey();
            assertTrue(
                    latency(planned, m4) <= budget / (1 + MARGIN),
                    name + ": " + latency(planned, m4) + " vs planned " + budget / (1 + MARGIN));
            assertTrue(
                    latency(asGiven, m4) > budget / (1 + MARGIN) && latency(asGiven, m4) <= budget,
                    name
                            + ": without a margin the budget itself binds: "
                            + latency(asGiven, m4)
                            + " vs "
                            + budget);
            assertArrayEquals(
                    ChannelCounts.of(unplanned),
                    ChannelCounts.of(asGiven),
                    name + ": margin 0 changes nothing");
        }
    }

    @Test
    void onlyLatencyIsPlannedBelowItsBudget() {
        Budgets user = new Budgets(24_576, 10_240, 2_800_000, 3e6);
        Budgets planned = user.plannedWith(0.04);
        // 2,800,000 / 1.04 = 2,692,307.69...
        assertEquals(2_692_307.692, planned.latencyCycles(), 1e-3);
        assertEquals(new Budgets(24_576, 10_240, planned.latencyCycles(), 3e6), planned);
        assertEquals(user, user.plannedWith(0));
        assertEquals(Budgets.none(), Budgets.none().plannedWith(0.04));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> user.plannedWith(-0.01));
        assertTrue(
                e.getMessage().contains("-0.01") && e.getMessage().contains("calibrate"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> user.plannedWith(Double.NaN));
    }
}
