package org.tinyprune.resource;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.plan.MemoryPlan;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.plan.PlanChoice;

/**
 * Chooses how a graph executes within its budgets: of the plans a planner weighs ({@link
 * MemoryPlanner#choices}: every layer whole, and chains streamed one more at a time), each priced
 * exactly by the {@link ResourceModel}, the one with the least SRAM that meets every budget ({@link
 * #pick}). Streaming lowers the arena but links the chain driver (flash) and runs row by row
 * (latency), so under a tight flash or latency budget the plan that fits may stream fewer chains or
 * none. The pruner makes this choice over the same candidates through its cost view, and the model
 * file records it ({@link PlanChoice}), so what was predicted is what is built.
 */
public final class BudgetedPlan {
    /**
     * Resources in the order of the budget arrays: flash bytes, SRAM bytes, latency cycles, MACs.
     */
    public static final int RESOURCES = 4;

    private static final int SRAM = 1;
    private static final int LATENCY = 2;

    private BudgetedPlan() {}

    /**
     * One candidate plan, priced.
     *
     * @param choice the streamed chains, by node name
     * @param plan the memory plan of the graph under that choice ({@link MemoryPlanner#given})
     * @param model the resource model of that plan
     */
    public record Candidate(PlanChoice choice, MemoryPlan plan, ResourceModel model) {}

    /**
     * The plans {@code planner} weighs for {@code graph} together with {@code extra} (e.g. those
     * the pruner priced on the unpruned network, so a width that met the budgets under one of them
     * still has it), each planned by {@code planner}'s order search and offsets as code generation
     * plans a recorded choice ({@link MemoryPlanner#withChoice}); duplicates and extra choices the
     * graph cannot stream are left out.
     */
    public static List<Candidate> candidates(
            Graph graph, Overheads overheads, MemoryPlanner planner, List<PlanChoice> extra) {
        List<PlanChoice> choices = new ArrayList<>(planner.choices(graph));
        for (PlanChoice c : extra) {
            if (!choices.contains(c) && planner.streams() && streamable(graph, c)) {
                choices.add(c);
            }
        }
        List<Candidate> out = new ArrayList<>();
        for (PlanChoice c : choices) {
            MemoryPlan plan = planner.withChoice(c).plan(graph);
            out.add(new Candidate(c, plan, ResourceModel.of(plan, overheads)));
        }
        return out;
    }

    /**
     * The plan for {@code graph} within {@code budgets} ({@link #pick}) among the candidates of the
     * default planner.
     *
     * @param budgets flash bytes, SRAM bytes, latency cycles, MACs ({@code
     *     Double.POSITIVE_INFINITY}: none)
     */
    public static Candidate choose(Graph graph, Overheads overheads, double[] budgets) {
        List<Candidate> all = candidates(graph, overheads, new MemoryPlanner(), List.of());
        List<double[]> totals = new ArrayList<>();
        for (Candidate c : all) {
            totals.add(totals(c.model().evaluate()));
        }
        return all.get(pick(totals, budgets));
    }

    /** Flash, SRAM, latency and MACs of an estimate, in the order of the budget arrays. */
    public static double[] totals(ResourceEstimate e) {
        return new double[] {
            e.flashBytes().value(),
            e.sramBytes().value(),
            e.latencyCycles().value(),
            e.macs().value()
        };
    }

    /**
     * The rule that chooses among priced plans: of those meeting every budget, the least SRAM (then
     * the least latency, then the least flash, then the earlier candidate, which streams less);
     * when none meets them all, the one missing them by least (the sum over budgets of the excess
     * relative to the budget), then the least SRAM. The same rule serves code generation and the
     * pruner.
     *
     * @param totals each candidate's flash, SRAM, latency and MACs
     * @param budgets the four budgets ({@code Double.POSITIVE_INFINITY}: none)
     * @return the index of the chosen candidate
     */
    public static int pick(List<double[]> totals, double[] budgets) {
        int best = -1;
        for (int i = 0; i < totals.size(); i++) {
            if (best < 0 || better(totals.get(i), totals.get(best), budgets)) {
                best = i;
            }
        }
        return best;
    }

    /** The amount by which {@code t} misses {@code budgets}: 0 when it meets every one. */
    public static double excess(double[] t, double[] budgets) {
        double sum = 0;
        for (int r = 0; r < RESOURCES; r++) {
            if (t[r] > budgets[r]) {
                sum += (t[r] - budgets[r]) / budgets[r];
            }
        }
        return sum;
    }

    private static boolean better(double[] a, double[] b, double[] budgets) {
        double ea = excess(a, budgets);
        double eb = excess(b, budgets);
        if (ea != eb) {
            return ea < eb;
        }
        if (a[SRAM] != b[SRAM]) {
            return a[SRAM] < b[SRAM];
        }
        if (ea > 0) {
            return false;
        }
        return a[LATENCY] != b[LATENCY] ? a[LATENCY] < b[LATENCY] : a[0] < b[0];
    }

    private static boolean streamable(Graph graph, PlanChoice c) {
        try {
            c.resolve(graph);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
