package org.tinyprune.prune;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.nn.Graph;
import org.tinyprune.resource.Overheads;

/**
 * The two baselines that {@code dnp} is compared with, at the same budgets: {@code uniform} (one
 * width multiplier for every prunable group, the largest that meets the budgets) and {@code l1}
 * (L1-norm filter pruning of a trained network to the budgets).
 */
public final class Baselines {
    private Baselines() {}

    /**
     * The widest network with every prunable group scaled by one multiplier (rounded to {@code
     * multiple}) that meets the budgets by the exact resource model. On a freshly initialised
     * network the channels kept are the first ones of each group, so this is a narrower network
     * trained from scratch; on a trained network they are the ones with the largest filter L1
     * norms, so the narrower network starts from the trained weights that matter most.
     *
     * @param trained true when {@code base} holds trained weights
     * @return the narrower network (new params copied from {@code base})
     * @throws BudgetInfeasibleException when even the smallest multiplier misses a budget
     */
    public static Graph uniform(
            Graph base, Overheads overheads, Budgets budgets, int multiple, boolean trained)
            throws BudgetInfeasibleException {
        CouplingGroups groups = CouplingGroups.analyse(base);
        CostView view = CostView.of(base, groups, overheads, budgets, List.of());
        Hardening.checkFeasible(view, budgets.asArray(), multiple);
        return atCounts(
                base, groups, view, uniformCounts(view, budgets.asArray(), multiple), trained);
    }

    /**
     * The per-group counts of {@link #uniform}: every prunable group scaled by the largest
     * multiplier (rounded to {@code multiple}) that meets the budgets, in the order of {@link
     * CostView#variables()}. The caller has checked that the budgets are feasible.
     */
    static int[] uniformCounts(CostView view, double[] budgets, int multiple) {
        double lo = 0;
        double hi = 1;
        if (!Hardening.within(
                view.evaluate(Hardening.toDouble(scaled(view, 1, multiple))).totals(), budgets)) {
            for (int i = 0; i < 30; i++) {
                double mid = (lo + hi) / 2;
                int[] c = scaled(view, mid, multiple);
                if (Hardening.within(view.evaluate(Hardening.toDouble(c)).totals(), budgets)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
        } else {
            lo = 1;
        }
        return scaled(view, lo, multiple);
    }

    /**
     * The network {@code base} narrowed to {@code counts} channels per prunable group (in the order
     * of {@link CostView#variables()}): on a trained network the channels with the largest filter
     * L1 norms of each group, on a freshly initialised one the first channels.
     *
     * @param trained true when {@code base} holds trained weights
     * @return the narrower network (new params copied from {@code base})
     */
    public static Graph atCounts(
            Graph base, CouplingGroups groups, CostView view, int[] counts, boolean trained) {
        return GraphSurgery.select(
                base,
                groups,
                trained ? largestL1(base, groups, view, counts) : firstChannels(view, counts));
    }

    /** The width multiplier {@link #uniform} would choose, for reports. */
    static int[] scaled(CostView view, double multiplier, int multiple) {
        int[] c = new int[view.variables().size()];
        for (int v = 0; v < c.length; v++) {
            int channels = view.variables().get(v).channels();
            int k = (int) Math.round(channels * multiplier / multiple) * multiple;
            c[v] = Math.max(Math.min(channels, multiple), Math.min(channels, k));
        }
        return c;
    }

    /**
     * Checks that the smallest network the architecture allows meets the budgets, before training.
     *
     * @throws BudgetInfeasibleException with the smallest achievable figures when it does not
     */
    public static void checkFeasible(Graph base, Overheads overheads, Budgets budgets, int multiple)
            throws BudgetInfeasibleException {
        Hardening.checkFeasible(
                CostView.of(base, CouplingGroups.analyse(base), overheads, budgets, List.of()),
                budgets.asArray(),
                multiple);
    }

    /**
     * L1-norm filter pruning: starting from the full widths, repeatedly removes the channels with
     * the smallest filter L1 norms (summed over each group's layers) from the group that saves the
     * most over-budget resource per unit of norm lost, until every budget is met.
     *
     * @param trained a trained gate-free network
     * @throws BudgetInfeasibleException when the budgets cannot be met
     */
    public static Graph l1(Graph trained, Overheads overheads, Budgets budgets, int multiple)
            throws BudgetInfeasibleException {
        CouplingGroups groups = CouplingGroups.analyse(trained);
        CostView view = CostView.of(trained, groups, overheads, budgets, List.of());
        Hardening.checkFeasible(view, budgets.asArray(), multiple);
        double[][] scores = new double[view.variables().size()][];
        for (int v = 0; v < scores.length; v++) {
            scores[v] = Salience.FILTER_L1.score(trained, groups, view.variables().get(v), null);
        }
        int[] full = view.variables().stream().mapToInt(CouplingGroups.Group::channels).toArray();
        double[][] sorted = new double[scores.length][];
        Arrays.setAll(
                sorted,
                v -> {
                    double[] s = scores[v].clone();
                    Arrays.sort(s);
                    return s;
                });
        int[] counts = Hardening.meetBudgets(view, budgets.asArray(), full, multiple, sorted);
        return GraphSurgery.select(trained, groups, largestL1(trained, groups, view, counts));
    }

    /** Per group, the {@code counts[v]} channels with the largest filter L1 norms. */
    private static Map<Integer, int[]> largestL1(
            Graph trained, CouplingGroups groups, CostView view, int[] counts) {
        Map<Integer, int[]> keep = new HashMap<>();
        for (int v = 0; v < counts.length; v++) {
            CouplingGroups.Group g = view.variables().get(v);
            int[] rank = Salience.ranks(Salience.FILTER_L1.score(trained, groups, g, null));
            int k = counts[v];
            keep.put(
                    g.id(),
                    java.util.stream.IntStream.range(0, rank.length)
                            .filter(c -> rank[c] < k)
                            .toArray());
        }
        return keep;
    }

    private static Map<Integer, int[]> firstChannels(CostView view, int[] counts) {
        Map<Integer, int[]> keep = new HashMap<>();
        for (int v = 0; v < counts.length; v++) {
            keep.put(
                    view.variables().get(v).id(),
                    java.util.stream.IntStream.range(0, counts[v]).toArray());
        }
        return keep;
    }
}
