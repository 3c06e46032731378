package org.tinyprune.prune;

import java.util.Locale;

/** Turns channel counts into integer counts that meet every budget by the exact resource model. */
final class Hardening {
    private static final String[] NAMES = {"flash", "SRAM", "latency", "MACs"};
    private static final String[] UNITS = {"bytes", "bytes", "cycles", ""};

    private Hardening() {}

    /**
     * Greedily lowers counts until every budget is met: each round, the group whose next reduction
     * by {@code multiple} saves the most over-budget resource (relative to its budget) per unit of
     * salience lost gives up those channels.
     *
     * @param scores each variable's channel salience scores, ascending (read, never written)
     * @throws BudgetInfeasibleException when no group can shrink further and a budget is exceeded
     */
    static int[] meetBudgets(
            CostView view, double[] budgets, int[] start, int multiple, double[][] scores)
            throws BudgetInfeasibleException {
        int[] counts = start.clone();
        while (true) {
            Usage now = view.evaluate(toDouble(counts));
            double[] totals = now.totals();
            if (within(totals, budgets)) {
                return counts;
            }
            int best = -1;
            int bestCount = 0;
            double bestRatio = -1;
            int fallback = -1;
            int fallbackCount = 0;
            double fallbackScore = -1;
            for (int v = 0; v < counts.length; v++) {
                int channels = view.variables().get(v).channels();
                int next = Math.max(Math.min(channels, multiple), counts[v] - multiple);
                if (next >= counts[v]) {
                    continue;
                }
                int[] trial = counts.clone();
                trial[v] = next;
                double[] t = view.evaluate(toDouble(trial)).totals();
                double saving = 0;
                for (int r = 0; r < 4; r++) {
                    if (totals[r] > budgets[r]) {
                        saving += (totals[r] - t[r]) / budgets[r];
                    }
                }
                double[] s = scores[v];
                double mean = java.util.Arrays.stream(s).average().orElse(0) + 1e-12;
                double lost = 0;
                for (int i = s.length - counts[v]; i < s.length - next; i++) {
                    lost += s[i] / mean;
                }
                double ratio = saving / (lost + 1e-9);
                // when the peak is shared by several steps no single move lowers it: fall back to
                // the
                // group the over-budget resources grow fastest with (then the relatively widest)
                double slope = 1e-9 * counts[v] / channels;
                for (int r = 0; r < 4; r++) {
                    if (totals[r] > budgets[r]) {
                        slope += now.gradients()[r][v] * (counts[v] - next) / budgets[r];
                    }
                }
                if (slope > fallbackScore) {
                    fallback = v;
                    fallbackCount = next;
                    fallbackScore = slope;
                }
                if (saving > 0 && ratio > bestRatio) {
                    best = v;
                    bestCount = next;
                    bestRatio = ratio;
                }
            }
            if (best < 0) {
                best = fallback;
                bestCount = fallbackCount;
            }
            if (best < 0) {
                throw infeasible(
                        budgets,
                        totals,
                        "after pruning every group as far as it goes",
                        view,
                        toDouble(counts));
            }
            counts[best] = bestCount;
        }
    }

    /**
     * Spends what the budgets leave over: while some group can take {@code multiple} more channels
     * (up to its width) and stay within every budget, the group whose next channels bring the most
     * salience per unit of budget they use (summed over the budgeted resources, each relative to
     * its budget) gets them. Starts from counts that meet the budgets and returns counts that still
     * do.
     *
     * @param scores each variable's channel salience scores, ascending (read, never written)
     */
    static int[] fill(
            CostView view, double[] budgets, int[] start, int multiple, double[][] scores) {
        int[] counts = start.clone();
        while (true) {
            double[] totals = view.evaluate(toDouble(counts)).totals();
            int best = -1;
            int bestCount = 0;
            double bestRatio = -1;
            for (int v = 0; v < counts.length; v++) {
                int channels = view.variables().get(v).channels();
                int next = Math.min(channels, counts[v] + multiple);
                if (next <= counts[v]) {
                    continue;
                }
                int[] trial = counts.clone();
                trial[v] = next;
                double[] t = view.evaluate(toDouble(trial)).totals();
                if (!within(t, budgets)) {
                    continue;
                }
                double used = 1e-12;
                for (int r = 0; r < 4; r++) {
                    if (Double.isFinite(budgets[r])) {
                        used += Math.max(0, t[r] - totals[r]) / budgets[r];
                    }
                }
                double[] s = scores[v];
                double mean = java.util.Arrays.stream(s).average().orElse(0) + 1e-12;
                double gained = 1e-9;
                for (int i = s.length - next; i < s.length - counts[v]; i++) {
                    gained += s[i] / mean;
                }
                if (gained / used > bestRatio) {
                    best = v;
                    bestCount = next;
                    bestRatio = gained / used;
                }
            }
            if (best < 0) {
                return counts;
            }
            counts[best] = bestCount;
        }
    }

    /**
     * Checks before training that the smallest network the architecture allows meets the budgets.
     *
     * @throws BudgetInfeasibleException with the smallest achievable figures when it does not
     */
    static void checkFeasible(CostView view, double[] budgets, int multiple)
            throws BudgetInfeasibleException {
        double[] min =
                view.variables().stream()
                        .mapToDouble(g -> Math.min(g.channels(), multiple))
                        .toArray();
        Usage e = view.evaluate(min);
        if (!within(e.totals(), budgets)) {
            throw infeasible(
                    budgets,
                    e.totals(),
                    "even with every prunable group at " + multiple + " channel(s)",
                    view,
                    min);
        }
    }

    static boolean within(double[] totals, double[] budgets) {
        for (int r = 0; r < 4; r++) {
            if (totals[r] > budgets[r]) {
                return false;
            }
        }
        return true;
    }

    static double[] toDouble(int[] counts) {
        double[] d = new double[counts.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = counts[i];
        }
        return d;
    }

    /**
     * The budget error: each budget with the smallest figure achievable under the plan that misses
     * the budgets least, and, when SRAM is over, the SRAM floor: the least SRAM of any plan at
     * those widths and which chains it streams.
     */
    private static BudgetInfeasibleException infeasible(
            double[] budgets, double[] totals, String when, CostView view, double[] counts) {
        StringBuilder sb = new StringBuilder("budgets cannot be met " + when + ":");
        for (int r = 0; r < 4; r++) {
            if (Double.isInfinite(budgets[r])) {
                continue;
            }
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%n  %-8s budget %,.0f %s, smallest achievable %,.0f%s",
                            NAMES[r],
                            budgets[r],
                            UNITS[r],
                            totals[r],
                            totals[r] > budgets[r] ? "  (over)" : ""));
        }
        if (totals[1] > budgets[1]) {
            CostView.Floor floor = view.sramFloor(counts);
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%n  The SRAM floor is %,.0f bytes, %s.",
                            floor.sramBytes(),
                            floor.choice().streams().isEmpty()
                                    ? "running every layer whole: no chain of early layers streams to less SRAM"
                                    : "with "
                                            + floor.choice().describe()
                                            + ": only line buffers of their intermediate maps"));
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%nRelax the budgets marked (over), or choose a smaller architecture."));
        return new BudgetInfeasibleException(sb.toString());
    }
}
