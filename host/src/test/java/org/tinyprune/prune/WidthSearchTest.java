package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.resource.Overheads;

/**
 * {@link WidthSearch} on the branchy test graph (four prunable groups of 6, 12, 4 and 5 channels)
 * with a synthetic fitness whose optimum under the budget is found by brute force over the grid.
 */
class WidthSearchTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double[] WEIGHTS = {2.0, 1.0, 1.0, 1.0};

    /**
     * Diminishing returns per group, weighted: the optimum under a MAC budget sits on its boundary.
     */
    private static double fitness(int[] c) {
        double f = 0;
        for (int v = 0; v < c.length; v++) {
            f += WEIGHTS[v] * Math.log(c[v]);
        }
        return f;
    }

    private static CostView view() {
        return CostViewTest.view(GraphSurgeryTest.randomised(3));
    }

    private static double[] macBudget(CostView view, double share) {
        return new double[] {INF, INF, INF, share * view.evaluate().macs()};
    }

    /** Every vector on the grid that meets the budgets, by the resource model. */
    private static List<int[]> feasible(CostView view, double[] budgets, int multiple) {
        List<int[]> out = new ArrayList<>();
        int[][] levels =
                view.variables().stream()
                        .mapToInt(CouplingGroups.Group::channels)
                        .mapToObj(c -> WidthSearch.levels(c, multiple))
                        .toArray(int[][]::new);
        int[] at = new int[levels.length];
        while (true) {
            int[] c = new int[levels.length];
            Arrays.setAll(c, v -> levels[v][at[v]]);
            if (Hardening.within(view.evaluate(Hardening.toDouble(c)).totals(), budgets)) {
                out.add(c);
            }
            int v = 0;
            while (v < at.length && ++at[v] == levels[v].length) {
                at[v++] = 0;
            }
            if (v == at.length) {
                return out;
            }
        }
    }

    @Test
    void levelsAreMultiplesUpToTheWidthAndTheWidth() {
        assertArrayEquals(new int[] {4, 8, 10}, WidthSearch.levels(10, 4));
        assertArrayEquals(new int[] {4, 8}, WidthSearch.levels(8, 4));
        assertArrayEquals(new int[] {3}, WidthSearch.levels(3, 4));
        assertArrayEquals(new int[] {4}, WidthSearch.levels(4, 4));
        assertArrayEquals(new int[] {1, 2, 3}, WidthSearch.levels(3, 1));
    }

    @Test
    void findsTheBruteForceOptimumUnderTheBudget() throws Exception {
        CostView view = view();
        double[] budgets = macBudget(view, 0.45);
        List<int[]> all = feasible(view, budgets, 1);
        all.sort((a, b) -> Double.compare(fitness(b), fitness(a)));
        int[] optimum = all.get(0);
        double worst = fitness(all.get(all.size() - 1));
        assertTrue(fitness(optimum) > fitness(all.get(1)), "the optimum is unique");
        assertTrue(
                all.size() > 300, "a space worth searching: " + all.size() + " feasible vectors");

        // 40 evaluations of the 733 feasible vectors, from a uniform start that is not the optimum
        WidthSearch.Result r =
                new WidthSearch(view, budgets, 1, WidthSearch.Settings.of(40, 11))
                        .run(WidthSearchTest::fitness, Map.of(), c -> {});
        assertEquals(40, r.candidates().size());
        assertArrayEquals(new int[] {4, 4, 4, 5}, optimum, "the brute-force optimum");
        assertArrayEquals(optimum, r.best().counts(), "the search finds the optimum");
        assertEquals(fitness(optimum), r.best().fitness(), 0.0);
        double uniformGap =
                (fitness(optimum) - r.candidates().get(0).fitness()) / (fitness(optimum) - worst);
        assertTrue(
                uniformGap > 0.05, "the search has to improve on the uniform start: " + uniformGap);
    }

    @Test
    void everyCandidateIsOnTheGridMeetsTheBudgetsAndIsEvaluatedOnce() throws Exception {
        CostView view = view();
        // a flash and an SRAM budget at once, channel multiple 2 (the 5-channel group: 2, 4 or 5)
        double[] full = view.evaluate().totals();
        double[] budgets = {0.6 * full[0], 0.8 * full[1], INF, INF};
        List<int[]> evaluated = new ArrayList<>();
        WidthSearch.Result r =
                new WidthSearch(view, budgets, 2, WidthSearch.Settings.of(20, 5))
                        .run(
                                c -> {
                                    evaluated.add(c.clone());
                                    return fitness(c);
                                },
                                Map.of(),
                                c -> {});
        Set<List<Integer>> distinct = new HashSet<>();
        for (WidthSearch.Candidate c : r.candidates()) {
            double[] t = view.evaluate(Hardening.toDouble(c.counts())).totals();
            assertArrayEquals(t, c.totals(), 0.0);
            assertTrue(
                    t[0] <= budgets[0] && t[1] <= budgets[1],
                    Arrays.toString(c.counts()) + " misses a budget");
            for (int v = 0; v < c.counts().length; v++) {
                int width = view.variables().get(v).channels();
                int n = c.counts()[v];
                assertTrue(
                        n <= width && n >= Math.min(width, 2) && (n % 2 == 0 || n == width),
                        "count " + n + " of a group of " + width + " is off the grid");
            }
            assertTrue(
                    distinct.add(WidthSearch.key(c.counts())),
                    "evaluated twice: " + Arrays.toString(c.counts()));
        }
        assertEquals(r.candidates().size(), evaluated.size(), "one fitness call per candidate");
        assertTrue(feasible(view, budgets, 2).size() > 20, "room for 20 candidates");
        assertEquals(20, r.candidates().size());
        assertEquals(
                r.candidates().stream()
                        .mapToDouble(WidthSearch.Candidate::fitness)
                        .max()
                        .orElseThrow(),
                r.best().fitness(),
                0.0);
    }

    @Test
    void theSameSeedGivesTheSameSearchAndKnownResultsAreReplayedNotEvaluated() throws Exception {
        CostView view = view();
        double[] budgets = macBudget(view, 0.5);
        WidthSearch.Result a =
                new WidthSearch(view, budgets, 1, WidthSearch.Settings.of(24, 7))
                        .run(WidthSearchTest::fitness, Map.of(), c -> {});
        WidthSearch.Result b =
                new WidthSearch(view, budgets, 1, WidthSearch.Settings.of(24, 7))
                        .run(WidthSearchTest::fitness, Map.of(), c -> {});
        assertEquals(a.candidates().size(), b.candidates().size());
        for (int i = 0; i < a.candidates().size(); i++) {
            assertArrayEquals(
                    a.candidates().get(i).counts(),
                    b.candidates().get(i).counts(),
                    "candidate " + i);
            assertEquals(a.candidates().get(i).origin(), b.candidates().get(i).origin());
        }
        WidthSearch.Result other =
                new WidthSearch(view, budgets, 1, WidthSearch.Settings.of(24, 8))
                        .run(WidthSearchTest::fitness, Map.of(), c -> {});
        assertTrue(
                !Arrays.equals(a.candidates().get(5).counts(), other.candidates().get(5).counts())
                        || !Arrays.equals(
                                a.candidates().get(10).counts(),
                                other.candidates().get(10).counts()),
                "another seed searches elsewhere");

        // the first half known (an interrupted search): only the second half is evaluated
        Map<List<Integer>, WidthSearch.Candidate> known = new HashMap<>();
        for (WidthSearch.Candidate c : a.candidates().subList(0, 12)) {
            known.put(WidthSearch.key(c.counts()), c);
        }
        List<int[]> evaluated = new ArrayList<>();
        WidthSearch.Result resumed =
                new WidthSearch(view, budgets, 1, WidthSearch.Settings.of(24, 7))
                        .run(
                                c -> {
                                    evaluated.add(c);
                                    return fitness(c);
                                },
                                known,
                                c -> {});
        assertEquals(12, evaluated.size());
        for (int i = 0; i < a.candidates().size(); i++) {
            WidthSearch.Candidate c = resumed.candidates().get(i);
            assertArrayEquals(a.candidates().get(i).counts(), c.counts());
            assertEquals(i < 12, c.replayed());
        }
        assertArrayEquals(a.best().counts(), resumed.best().counts());
    }

    /**
     * A mutant whose raised first group alone sets the SRAM peak (its 28x28 activation) is repaired
     * by stepping that group back, not by shrinking the groups that cannot lower the peak to their
     * minimum. Priced layer by layer: that is where a whole 28x28 map sets the peak (streamed, the
     * first stage keeps only line buffers of it and the later groups move the peak too).
     */
    @Test
    void repairStepsTheRaisedGroupBackWhenNoOtherGroupLowersThePeak() throws Exception {
        GraphBuilder b = Graph.builder("wide-first").input("x", 1, 28, 28);
        b.conv("a", 16, 3, 1, 1).relu("a_relu").maxPool("pool", 2, 2, 0);
        b.conv("b", 16, 3, 1, 1).relu("b_relu").conv("c", 16, 3, 1, 1).relu("c_relu");
        b.globalAvgPool("gap").flatten("flat").dense("fc", 10);
        Graph g = b.build();
        g.init(1);
        CostView view =
                CostView.of(
                        g, CouplingGroups.analyse(g), Overheads.NONE, MemoryPlanner.layerByLayer());
        int[] parent = {8, 12, 12};
        double sram = view.evaluate(Hardening.toDouble(parent)).sramBytes();
        double[] budgets = {INF, sram, INF, INF};
        int[] raised = {12, 12, 12};
        double over = view.evaluate(Hardening.toDouble(raised)).sramBytes();
        assertTrue(over > sram, "the first group sets the peak");
        for (int v = 1; v < raised.length; v++) {
            int[] lower = raised.clone();
            lower[v] -= 4;
            assertEquals(
                    over,
                    view.evaluate(Hardening.toDouble(lower)).sramBytes(),
                    0.0,
                    "group " + v + " does not lower the peak");
        }
        WidthSearch search = new WidthSearch(view, budgets, 4, WidthSearch.Settings.of(4, 1));
        boolean[] frozen = new boolean[raised.length];
        frozen[0] = true;
        assertArrayEquals(parent, search.repair(raised, frozen));
    }

    @Test
    void budgetsTheSmallestNetworkMissesAreRefusedBeforeAnyEvaluation() {
        CostView view = view();
        double[] min = view.evaluate(new double[] {1, 1, 1, 1}).totals();
        double[] budgets = {INF, INF, INF, 0.9 * min[3]};
        BudgetInfeasibleException e =
                assertThrows(
                        BudgetInfeasibleException.class,
                        () -> new WidthSearch(view, budgets, 1, WidthSearch.Settings.of(10, 1)));
        assertTrue(
                e.getMessage().contains("MACs") && e.getMessage().contains("(over)"),
                e.getMessage());
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> WidthSearch.Settings.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new WidthSearch.Settings(5, 6, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new WidthSearch.Settings(5, 3, 4, 1));
        WidthSearch.Settings s = WidthSearch.Settings.of(20, 1);
        assertEquals(7, s.population());
        assertEquals(3, s.sample());
        assertEquals(1, WidthSearch.Settings.of(1, 1).population());
    }
}
