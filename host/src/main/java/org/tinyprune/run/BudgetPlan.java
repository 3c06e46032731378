package org.tinyprune.run;

import java.util.Locale;
import java.util.Map;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.prune.BudgetInfeasibleException;
import org.tinyprune.prune.Budgets;

/**
 * A pruning run's budgets as the user gave them and as the pruner plans against them: the latency
 * budget less the board's calibrated latency margin ({@code cost_model.latency_margin}, the largest
 * held-out under-prediction), so that a network whose predicted latency meets the planned budget
 * also meets the user's budget when measured on the board. Flash and SRAM are planned as given.
 *
 * @param user the budgets from the command line (or the board's memories)
 * @param planned what the pruning methods and the final check are given
 * @param latencyMargin the margin used, a fraction (0 on an uncalibrated profile)
 * @param unit what a latency "cycle" is on this board, for messages ({@code instr.} when emulated)
 */
record BudgetPlan(Budgets user, Budgets planned, double latencyMargin, String unit) {
    /** The plan for {@code user} on board {@code p}. */
    static BudgetPlan of(Budgets user, BoardProfile p) {
        double margin = p.getCostModel().getLatencyMargin();
        return new BudgetPlan(
                user, user.plannedWith(margin), margin, p.hasEmulator() ? "instr." : "cycles");
    }

    /**
     * One progress line, e.g. {@code latency budget 2,800,000 instr., planned at 2,692,308
     * (calibrated margin 4.00 %)}; empty without a latency budget.
     */
    String describe() {
        if (Double.isInfinite(user.latencyCycles())) {
            return "";
        }
        String planning =
                latencyMargin > 0
                        ? String.format(
                                Locale.ROOT,
                                "planned at %,.0f (calibrated margin %.2f %%)",
                                planned.latencyCycles(),
                                100 * latencyMargin)
                        : "planned as given (the board profile has no calibrated latency margin)";
        return String.format(
                Locale.ROOT, "latency budget %,.0f %s, %s", user.latencyCycles(), unit, planning);
    }

    /**
     * Adds {@code budgets} (the user's), {@code planning_budgets} and {@code latency_margin} to a
     * report.
     */
    void addTo(Map<String, Object> report) {
        report.put("budgets", Figures.budgets(user));
        report.put("planning_budgets", Figures.budgets(planned));
        report.put("latency_margin", latencyMargin);
    }

    /** {@code e} with a word on the planned latency budget when the margin changed it. */
    BudgetInfeasibleException explain(BudgetInfeasibleException e) {
        if (latencyMargin == 0 || Double.isInfinite(user.latencyCycles())) {
            return e;
        }
        return new BudgetInfeasibleException(
                e.getMessage()
                        + String.format(
                                Locale.ROOT,
                                "%nThe latency budget above "
                                        + "is the planned one: --latency %,.0f %s / (1 + the board's calibrated latency margin %.2f %%, "
                                        + "cost_model.latency_margin), room for the cost model's held-out error.",
                                user.latencyCycles(),
                                unit,
                                100 * latencyMargin));
    }
}
