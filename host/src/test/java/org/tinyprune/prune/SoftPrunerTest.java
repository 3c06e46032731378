package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphRunner;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.resource.Overheads;

class SoftPrunerTest {
    private static final Overheads MODEL = Overheads.NONE;

    private static double macsOf(Graph g) {
        return CostViewTest.view(g).evaluate().macs();
    }

    /** Trains with plain SGD and mean-squared error towards fixed random targets. */
    private static void trainSteps(SoftPruner pruner, int steps) {
        SplittableRandom rng = new SplittableRandom(5);
        Tensor x = new Tensor(4, 2, 8, 8);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) rng.nextGaussian();
        }
        for (int step = 0; step < steps; step++) {
            Graph g = pruner.graph();
            GraphRunner runner = new GraphRunner(g);
            runner.zeroGrads();
            Tensor y = runner.forward(new Tensor[] {x}, true);
            Tensor dy = new Tensor(y.shape());
            for (int i = 0; i < y.size(); i++) {
                dy.data()[i] = (y.data()[i] - (i % 3 == 0 ? 1f : 0f)) / y.size();
            }
            runner.backward(dy);
            for (Param p : g.params().values()) {
                if (p.trainable()) {
                    for (int i = 0; i < p.size(); i++) {
                        p.values()[i] -= 0.05f * p.grads()[i];
                    }
                }
            }
            pruner.update();
            if (step % 20 == 19) {
                pruner.rerank();
                pruner.removeSettled();
            }
        }
    }

    @Test
    void meetsAMacBudgetAndShrinksTheNetworkWhileTraining() throws Exception {
        Graph base = GraphSurgeryTest.randomised(3);
        double baseMacs = macsOf(base);
        double budget = 0.4 * baseMacs;
        SoftPruner pruner =
                new SoftPruner(
                        base,
                        MODEL,
                        new Budgets(
                                Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY,
                                budget),
                        Salience.FILTER_NORM,
                        1,
                        0.02);
        pruner.checkFeasible();
        trainSteps(pruner, 200);
        assertTrue(
                pruner.multipliers()[Resource.MACS.ordinal()] > 0, "the MAC penalty became active");
        assertTrue(
                pruner.graph().paramCount() < base.paramCount(),
                "channels were removed while training");
        Graph hard = pruner.harden();
        assertTrue(
                macsOf(hard) <= budget, "hardened MACs " + macsOf(hard) + " vs budget " + budget);
        assertTrue(
                macsOf(hard) > 0.1 * baseMacs,
                "did not prune far below the budget: " + macsOf(hard));
        assertEquals(base.outputShape()[0], hard.outputShape()[0]);
        Tensor out = hard.forward(GraphSurgeryTest.input(1));
        assertTrue(Float.isFinite(out.data()[0]));
    }

    /**
     * Weights of {@code side} (a 3x3 conv of the 2-channel input), one 18-value row per output
     * channel.
     */
    private static float[][] sideRows(Graph g) {
        float[] w = ((Conv2d) g.node("side").layer()).weight().values();
        float[][] rows = new float[w.length / 18][];
        for (int c = 0; c < rows.length; c++) {
            rows[c] = java.util.Arrays.copyOfRange(w, c * 18, (c + 1) * 18);
        }
        return rows;
    }

    private static boolean isRowOf(float[] row, float[][] rows) {
        return java.util.Arrays.stream(rows).anyMatch(r -> java.util.Arrays.equals(r, row));
    }

    /** Training the pruner's network never moves the weights of the network it was given. */
    @Test
    void trainsACopyAndLeavesTheGivenNetworkAlone() {
        Graph base = GraphSurgeryTest.randomised(3);
        float[][] before = sideRows(base);
        SoftPruner pruner =
                new SoftPruner(
                        base,
                        MODEL,
                        new Budgets(
                                Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY,
                                0.4 * macsOf(base)),
                        Salience.FILTER_NORM,
                        1,
                        0.02);
        trainSteps(
                pruner,
                10); // fewer steps than the first removal: the gated network is still full width
        assertEquals(base.paramCount(), pruner.graph().paramCount());
        assertTrue(
                java.util.Arrays.stream(sideRows(pruner.graph()))
                        .anyMatch(r -> !isRowOf(r, before)),
                "training moved the pruner's weights");
        for (int c = 0; c < before.length; c++) {
            assertTrue(
                    java.util.Arrays.equals(before[c], sideRows(base)[c]),
                    "filter " + c + " of the given network moved");
        }
    }

    @Test
    void reportsAnInfeasibleBudgetBeforeTraining() {
        Graph base = GraphSurgeryTest.randomised(3);
        SoftPruner pruner =
                new SoftPruner(
                        base,
                        MODEL,
                        new Budgets(
                                100,
                                Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY),
                        Salience.BN_SCALE,
                        1,
                        0.02);
        BudgetInfeasibleException e =
                assertThrows(BudgetInfeasibleException.class, pruner::checkFeasible);
        assertTrue(
                e.getMessage().contains("flash") && e.getMessage().contains("smallest achievable"),
                e.getMessage());
    }
}
