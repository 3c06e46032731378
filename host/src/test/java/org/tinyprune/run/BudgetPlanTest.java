package org.tinyprune.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.nn.Graph;
import org.tinyprune.prune.Baselines;
import org.tinyprune.prune.BudgetInfeasibleException;
import org.tinyprune.prune.Budgets;
import org.tinyprune.prune.Salience;
import org.tinyprune.resource.Overheads;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * The prune job plans latency at the budget less the board's calibrated latency margin and reports
 * both figures; a profile without a margin plans as given.
 */
class BudgetPlanTest {
    @TempDir Path dir;

    private static BoardProfile qemuM4() throws Exception {
        return new BoardRegistry(RepositoryRoot.locate().resolve("boards")).load("qemu-m4");
    }

    private static BoardProfile withMargin(BoardProfile p, double margin) {
        return p.toBuilder()
                .setCostModel(p.getCostModel().toBuilder().setLatencyMargin(margin))
                .build();
    }

    @Test
    void plansLatencyBelowTheBudgetAndSaysSo() throws Exception {
        double inf = Double.POSITIVE_INFINITY;
        BudgetPlan plan =
                BudgetPlan.of(
                        new Budgets(24_576, 10_240, 2_800_000, inf), withMargin(qemuM4(), 0.04));
        assertEquals(
                "latency budget 2,800,000 instr., planned at 2,692,308 (calibrated margin 4.00 %)",
                plan.describe());
        Map<String, Object> report = new LinkedHashMap<>();
        plan.addTo(report);
        assertEquals(2_800_000L, ((Map<?, ?>) report.get("budgets")).get("latency_cycles"));
        assertEquals(
                2_692_308L, ((Map<?, ?>) report.get("planning_budgets")).get("latency_cycles"));
        assertEquals(24_576L, ((Map<?, ?>) report.get("planning_budgets")).get("flash_bytes"));
        assertEquals(0.04, report.get("latency_margin"));
        String why =
                plan.explain(new BudgetInfeasibleException("budgets cannot be met")).getMessage();
        assertTrue(why.contains("--latency 2,800,000 instr.") && why.contains("4.00 %"), why);
    }

    @Test
    void anUncalibratedProfilePlansAsGiven() throws Exception {
        Budgets user = new Budgets(24_576, 10_240, 2_800_000, Double.POSITIVE_INFINITY);
        BudgetPlan plan = BudgetPlan.of(user, withMargin(qemuM4(), 0));
        assertEquals(user, plan.planned());
        assertTrue(plan.describe().contains("planned as given"), plan.describe());
        BudgetInfeasibleException e = new BudgetInfeasibleException("x");
        assertSame(e, plan.explain(e));
        assertEquals("", BudgetPlan.of(Budgets.none(), qemuM4()).describe());
    }

    @Test
    void aPruneRunMeetsThePlannedLatencyAndReportsBothBudgets() throws Exception {
        BoardProfile m4 = qemuM4();
        double margin = m4.getCostModel().getLatencyMargin();
        assertTrue(margin > 0, "the shipped qemu-m4 profile carries its calibrated latency margin");
        // A budget the margin decides: a uniformly narrowed network P fits it as given, but not
        // once planned
        // (P / budget = 1 / (1 + margin / 2) > 1 / (1 + margin)), so the pruner must pick a
        // narrower one.
        Overheads model = Overheads.of(m4);
        Graph base =
                Zoo.build("vgg-small", ModelConfig.of(new int[] {1, 28, 28}, 10).withWidth(0.25));
        double inf = Double.POSITIVE_INFINITY;
        double seventy = (Long) Figures.of(model, base).get("latency_cycles") * 0.7;
        Graph p =
                Baselines.uniform(
                        base,
                        model,
                        new Budgets(inf, inf, seventy, inf),
                        m4.getChannelMultiple(),
                        false);
        long budget =
                Math.round((Long) Figures.of(model, p).get("latency_cycles") * (1 + margin / 2));
        TrainConfig t =
                new TrainConfig(
                        "fashion-mnist",
                        null,
                        "vgg-small",
                        0.25,
                        1,
                        16,
                        0.05f,
                        5e-4f,
                        0.1f,
                        0.0,
                        7,
                        256,
                        100);
        PruneConfig config =
                new PruneConfig(
                        t,
                        "qemu-m4",
                        null,
                        null,
                        Long.toString(budget),
                        null,
                        "uniform",
                        Salience.BN_SCALE,
                        0.7);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Map<String, Object> r =
                PruneJob.run(config, dir, new PrintStream(progress, true, StandardCharsets.UTF_8));

        double planned = budget / (1 + margin);
        assertEquals(budget, ((Map<?, ?>) r.get("budgets")).get("latency_cycles"));
        assertEquals(
                Math.round(planned), ((Map<?, ?>) r.get("planning_budgets")).get("latency_cycles"));
        assertEquals(margin, r.get("latency_margin"));
        long predicted = (Long) ((Map<?, ?>) r.get("predicted")).get("latency_cycles");
        assertTrue(predicted <= planned, predicted + " predicted vs " + planned + " planned");
        assertTrue(
                progress.toString(StandardCharsets.UTF_8)
                        .contains(
                                String.format(
                                        java.util.Locale.ROOT,
                                        "planned at %,.0f (calibrated margin %.2f %%)",
                                        planned,
                                        100 * margin)),
                progress.toString());
    }
}
