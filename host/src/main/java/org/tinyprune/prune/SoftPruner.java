package org.tinyprune.prune;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.nn.Graph;
import org.tinyprune.resource.Overheads;
import org.tinyprune.train.Checkpoint;

/**
 * Differentiable, resource-aware channel pruning (the {@code dnp} method).
 *
 * <p>Each prunable coupling group {@code v} has a learnable soft width {@code s_v}; its channels,
 * ranked by {@link Salience}, get masks {@code m_c = σ((s_v − rank_c − ½)/τ)}, so the group's soft
 * channel count is {@code n_v = Σ m_c}. After every backward pass the pruner moves {@code s_v}
 * along the task gradient (read from the gates as dLoss/dm) plus the gradient of the hinge
 * penalties {@code Σ_r λ_r max(0, R_r/B_r − 1)}, with {@code R_r} from the resource model. A
 * multiplier {@code λ_r} grows geometrically while resource {@code r} is over budget and relaxes
 * while it is under, so no penalty strength needs tuning: the soft widths settle where the budgets
 * bind. Channels whose masks have settled near zero are removed physically, so later steps train a
 * smaller network.
 */
public final class SoftPruner {
    private static final double TAU = 0.5;
    private static final double DUAL_RATE = 0.02;
    private static final double SETTLED = 0.01;

    private final Overheads overheads;
    private final double[] budgets;
    private final Budgets planningBudgets;
    private final Salience salience;
    private final int multiple;
    private final double widthRate;
    private final double[] lambda = new double[4];
    private CouplingGroups groups;
    private CostView view;
    private Graph gated;
    private double[] width;
    private double[] adamM;
    private double[] adamV;
    private long steps;
    private final Map<Integer, float[]> masks = new HashMap<>();
    private final Map<Integer, double[]> maskGrads = new HashMap<>();
    private final Map<Integer, double[]> taylor = new HashMap<>();
    private final Map<Integer, int[]> ranks = new HashMap<>();
    private Usage last;

    /**
     * @param base the gate-free network to prune (not modified: the pruner trains a copy)
     * @param overheads the board's overheads and latency coefficients for the resource model
     * @param budgets the budgets
     * @param salience how channels are ranked
     * @param multiple channel counts are rounded to a multiple of this (board profile), ≥ 1
     * @param widthRate step of the soft widths per update, as a fraction of each group's width
     */
    public SoftPruner(
            Graph base,
            Overheads overheads,
            Budgets budgets,
            Salience salience,
            int multiple,
            double widthRate) {
        this.overheads = overheads;
        this.budgets = budgets.asArray();
        this.planningBudgets = budgets;
        this.salience = salience;
        this.multiple = Math.max(1, multiple);
        this.widthRate = widthRate;
        // a copy: the gated network shares the layers it is built from, so training it would move
        // the
        // caller's weights until the first removal
        rebuild(GraphSurgery.select(base, CouplingGroups.analyse(base), Map.of()), null);
    }

    /**
     * The budgets the pruner meets (which also choose the execution plan it prices, {@link
     * CostView}).
     */
    public Budgets budgets() {
        return planningBudgets;
    }

    /**
     * The network with gates, to train. Changes when channels are removed ({@link #removeSettled}).
     */
    public Graph graph() {
        return gated;
    }

    /** The coupling groups of the current network. */
    public CouplingGroups groups() {
        return groups;
    }

    /**
     * The current soft channel counts, one per prunable group (variable order of {@link CostView}).
     */
    public double[] softCounts() {
        double[] n = new double[width.length];
        for (int v = 0; v < n.length; v++) {
            float[] m = masks.get(view.variables().get(v).id());
            for (float x : m) {
                n[v] += x;
            }
        }
        return n;
    }

    /** The resource estimate at the last update (soft counts). */
    public Usage lastEstimate() {
        return last;
    }

    /** The current penalty multipliers, in the order flash, SRAM, latency, MACs. */
    public double[] multipliers() {
        return lambda.clone();
    }

    /**
     * Checks that the smallest network the architecture allows meets the budgets; call before
     * training.
     *
     * @throws BudgetInfeasibleException with the smallest achievable figures when it does not
     */
    public void checkFeasible() throws BudgetInfeasibleException {
        Hardening.checkFeasible(view, budgets, multiple);
    }

    /** Smallest channel count a group may keep. */
    int minimum(int channels) {
        return Math.min(channels, multiple);
    }

    /**
     * One pruning update, after a backward pass through {@link #graph()}: reads the gates' task
     * gradients, steps the soft widths and the multipliers, and refreshes the masks.
     */
    public void update() {
        steps++;
        double[] n = softCounts();
        last = view.evaluate(n);
        double[] totals = last.totals();
        double[] penalty = new double[width.length];
        for (int r = 0; r < 4; r++) {
            if (Double.isInfinite(budgets[r])) {
                continue;
            }
            double over = totals[r] / budgets[r] - 1;
            if (over <= 0) {
                lambda[r] *= 1 - DUAL_RATE; // within budget: relax slowly, the hinge is inactive
                continue;
            }
            lambda[r] += DUAL_RATE * (1 + lambda[r]) * Math.min(over, 1);
            for (int v = 0; v < width.length; v++) {
                penalty[v] += lambda[r] * last.gradients()[r][v] / budgets[r];
            }
        }
        for (int v = 0; v < width.length; v++) {
            int id = view.variables().get(v).id();
            float[] m = masks.get(id);
            double[] g = maskGrads.get(id);
            double[] t = taylor.get(id);
            int[] rank = ranks.get(id);
            double task = 0;
            double dn = 0;
            for (int c = 0; c < m.length; c++) {
                double dm = m[c] * (1 - m[c]) / TAU;
                task += g[c] * dm;
                dn += dm;
                t[c] = 0.9 * t[c] + 0.1 * Math.abs(g[c]) * Math.max(m[c], 0.05);
            }
            Arrays.fill(g, 0);
            double grad = task + penalty[v] * dn;
            adamM[v] = 0.9 * adamM[v] + 0.1 * grad;
            adamV[v] = 0.999 * adamV[v] + 0.001 * grad * grad;
            double mHat = adamM[v] / (1 - Math.pow(0.9, steps));
            double vHat = adamV[v] / (1 - Math.pow(0.999, steps));
            int channels = m.length;
            width[v] -= widthRate * channels * mHat / (Math.sqrt(vHat) + 1e-12);
            width[v] = Math.max(minimum(channels) - 0.5, Math.min(channels + 2, width[v]));
            fillMasks(m, rank, width[v]);
        }
    }

    /** Re-ranks every group's channels by salience (masks follow the new ranks). */
    public void rerank() {
        for (int v = 0; v < width.length; v++) {
            CouplingGroups.Group g = view.variables().get(v);
            int[] r = Salience.ranks(salience.score(gated, groups, g, taylor.get(g.id())));
            ranks.put(g.id(), r);
            fillMasks(masks.get(g.id()), r, width[v]);
        }
    }

    /**
     * Physically removes channels whose masks have settled below {@value #SETTLED}, keeping each
     * group's width a multiple of the channel multiple (the most salient settled channels stay).
     *
     * @return true if the network changed (the trainer must rebuild its optimizer for {@link
     *     #graph()})
     */
    public boolean removeSettled() {
        Map<Integer, int[]> keep = new HashMap<>();
        for (int v = 0; v < width.length; v++) {
            int id = view.variables().get(v).id();
            float[] m = masks.get(id);
            int[] kept =
                    java.util.stream.IntStream.range(0, m.length)
                            .filter(c -> m[c] >= SETTLED)
                            .toArray();
            int target = Math.min(m.length, roundUp(Math.max(kept.length, minimum(m.length))));
            if (kept.length < target) {
                kept =
                        lowestRanks(
                                ranks.get(id),
                                target); // widths stay multiples of the board's channel multiple
            }
            if (kept.length < m.length) {
                keep.put(id, kept);
            }
        }
        if (keep.isEmpty()) {
            return false;
        }
        Graph smaller = GraphSurgery.select(GraphSurgery.withoutGates(gated), groups, keep);
        rebuild(smaller, keep);
        return true;
    }

    /**
     * Records the pruner's state in {@code c}: soft widths, their Adam moments and step count, the
     * penalty multipliers, and per group the channel ranks and running Taylor scores (the masks
     * follow from widths and ranks; the gate gradients are zero between batches).
     */
    public void save(Checkpoint c) {
        c.withCounter("dnp:steps", steps)
                .withValues("dnp:width", width)
                .withValues("dnp:adam_m", adamM)
                .withValues("dnp:adam_v", adamV)
                .withValues("dnp:lambda", lambda);
        for (int v = 0; v < width.length; v++) {
            int id = view.variables().get(v).id();
            c.withValues("dnp:taylor:" + v, taylor.get(id));
            c.withValues(
                    "dnp:ranks:" + v,
                    java.util.Arrays.stream(ranks.get(id)).asDoubleStream().toArray());
        }
    }

    /**
     * Continues from a state {@link #save saved} when the network had the shape of {@code current}
     * (gate-free, weights are loaded into {@link #graph()} afterwards).
     *
     * @throws IllegalArgumentException when the checkpoint holds another number of groups or
     *     channels
     */
    public void restore(Checkpoint c, Graph current) {
        rebuild(current, null);
        double[] w = c.values("dnp:width");
        if (w.length != width.length) {
            throw new IllegalArgumentException(
                    "the checkpoint prunes "
                            + w.length
                            + " groups, the network has "
                            + width.length
                            + "; it was written for another model (start afresh without --resume)");
        }
        steps = c.counter("dnp:steps");
        width = w;
        adamM = c.values("dnp:adam_m");
        adamV = c.values("dnp:adam_v");
        System.arraycopy(c.values("dnp:lambda"), 0, lambda, 0, lambda.length);
        for (int v = 0; v < width.length; v++) {
            int id = view.variables().get(v).id();
            double[] t = taylor.get(id);
            double[] savedTaylor = c.values("dnp:taylor:" + v);
            double[] savedRanks = c.values("dnp:ranks:" + v);
            if (savedTaylor.length != t.length || savedRanks.length != t.length) {
                throw new IllegalArgumentException(
                        "the checkpoint has "
                                + savedTaylor.length
                                + " channels in group "
                                + id
                                + ", the network "
                                + t.length
                                + " (start afresh without --resume)");
            }
            System.arraycopy(savedTaylor, 0, t, 0, t.length);
            int[] r = java.util.Arrays.stream(savedRanks).mapToInt(x -> (int) x).toArray();
            ranks.put(id, r);
            fillMasks(masks.get(id), r, width[v]);
        }
    }

    /**
     * Final integer channels: each group keeps its channels with mask ≥ ½, rounded up to the
     * channel multiple; while any budget is exceeded by the exact model, the group whose next
     * reduction saves the most over-budget resource per unit of salience lost gives up {@code
     * multiple} channels; then channels are given back where budget is left over ({@link
     * Hardening#fill}, most salience per budget used first). The kept channels' mask values are
     * first folded into the layers before the gates ({@link MaskFolding}), so hardening changes the
     * network's function only by the removed channels.
     *
     * @return the gate-free pruned network
     * @throws BudgetInfeasibleException when every group is at its minimum and a budget is still
     *     exceeded
     */
    public Graph harden() throws BudgetInfeasibleException {
        Map<Integer, int[]> keep = hardenedChannels();
        MaskFolding.fold(gated);
        return GraphSurgery.select(GraphSurgery.withoutGates(gated), groups, keep);
    }

    /** Per group (by id in the current network), the channels hardening keeps, ascending. */
    private Map<Integer, int[]> hardenedChannels() throws BudgetInfeasibleException {
        int[] counts = new int[width.length];
        for (int v = 0; v < width.length; v++) {
            float[] m = masks.get(view.variables().get(v).id());
            int k = 0;
            for (float x : m) {
                k += x >= 0.5f ? 1 : 0;
            }
            counts[v] = Math.min(m.length, Math.max(minimum(m.length), roundUp(k)));
        }
        double[][] sorted = new double[width.length][];
        Arrays.setAll(sorted, this::scores);
        counts = Hardening.meetBudgets(view, budgets, counts, multiple, sorted);
        counts = Hardening.fill(view, budgets, counts, multiple, sorted);
        Map<Integer, int[]> keep = new HashMap<>();
        for (int v = 0; v < width.length; v++) {
            int id = view.variables().get(v).id();
            keep.put(id, lowestRanks(ranks.get(id), counts[v]));
        }
        return keep;
    }

    private double[] scores(int v) {
        CouplingGroups.Group g = view.variables().get(v);
        double[] s = salience.score(gated, groups, g, taylor.get(g.id()));
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        return sorted; // ascending: the cheapest channels to lose first
    }

    private int roundUp(int k) {
        return ((k + multiple - 1) / multiple) * multiple;
    }

    private static int[] lowestRanks(int[] rank, int count) {
        return java.util.stream.IntStream.range(0, rank.length)
                .filter(c -> rank[c] < count)
                .toArray();
    }

    private static void fillMasks(float[] m, int[] rank, double width) {
        for (int c = 0; c < m.length; c++) {
            m[c] = (float) (1 / (1 + Math.exp(-(width - rank[c] - 0.5) / TAU)));
        }
    }

    private void rebuild(Graph newBase, Map<Integer, int[]> kept) {
        double[] oldWidth = width;
        List<CouplingGroups.Group> oldVars = view == null ? List.of() : view.variables();
        Map<Integer, double[]> oldTaylor = new HashMap<>(taylor);
        groups = CouplingGroups.analyse(newBase);
        view = CostView.of(newBase, groups, overheads, planningBudgets, List.of());
        int vars = view.variables().size();
        width = new double[vars];
        adamM = adamM == null ? new double[vars] : adamM;
        adamV = adamV == null ? new double[vars] : adamV;
        masks.clear();
        maskGrads.clear();
        taylor.clear();
        for (int v = 0; v < vars; v++) {
            CouplingGroups.Group g = view.variables().get(v);
            int c = g.channels();
            width[v] = oldWidth == null ? c + 2 : oldWidth[v];
            masks.put(g.id(), new float[c]);
            maskGrads.put(g.id(), new double[c]);
            double[] t = new double[c];
            if (oldWidth != null) {
                int oldId = oldVars.get(v).id();
                int[] k = kept == null ? null : kept.get(oldId);
                double[] ot = oldTaylor.get(oldId);
                for (int i = 0; i < c; i++) {
                    t[i] = ot[k == null ? i : k[i]];
                }
            }
            taylor.put(g.id(), t);
        }
        gated = GraphSurgery.withGates(newBase, groups, masks, maskGrads);
        rerank();
    }
}
