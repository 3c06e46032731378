package org.tinyprune.prune;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.ir.Graph;
import org.tinyprune.nn.Node;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.plan.PlanChoice;
import org.tinyprune.quant.ActivationRange;
import org.tinyprune.quant.BatchNormFolder;
import org.tinyprune.quant.IrQuantizer;
import org.tinyprune.resource.BudgetedPlan;
import org.tinyprune.resource.ChannelSpace;
import org.tinyprune.resource.Dual;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;

/**
 * A training graph priced by THE resource model — the one code generation uses ({@link
 * ResourceModel} over the int8 IR, under the planner's minimum-peak execution order).
 *
 * <p>The graph may execute under several plans (every layer whole, or chains of early layers
 * streamed: {@link BudgetedPlan#candidates}); the view prices each and, at every set of widths,
 * answers with the one the budgets choose ({@link BudgetedPlan#pick}: the least SRAM that meets
 * them all). So the pruner sees the streamed SRAM floor together with the driver's flash and the
 * streamed latency, and the plan chosen at the final widths ({@link #choice()}) is the one the
 * model file records and code generation builds.
 *
 * <p>The graph is folded and quantised structurally (placeholder activation ranges: only shapes,
 * dtypes and fusion matter for resources) into exactly the IR the deployed model will have. The
 * model's channel variables, one per activation tensor, are then tied to the coupling groups: a
 * tensor's channel count is the sum of the counts of the groups laid side by side in it. So the
 * pruner evaluates on soft group widths what codegen later evaluates on the integer IR, through the
 * same code.
 */
public final class CostView {
    private static final ActivationRange PLACEHOLDER = new ActivationRange(-1f, 1f);

    private final List<ResourceModel> models;
    private final List<PlanChoice> choices;
    private final double[] budgets;
    private final List<CouplingGroups.Group> variables;
    private final int[][]
            groupsOfVar; // per model variable: the group-variable index of each block (-1: fixed)
    private final double[] fixedOfVar; // per model variable: channels of non-prunable blocks

    private CostView(
            List<BudgetedPlan.Candidate> candidates,
            Budgets budgets,
            List<CouplingGroups.Group> variables,
            int[][] groupsOfVar,
            double[] fixedOfVar) {
        this.models = candidates.stream().map(BudgetedPlan.Candidate::model).toList();
        this.choices = candidates.stream().map(BudgetedPlan.Candidate::choice).toList();
        this.budgets = budgets.asArray();
        this.variables = variables;
        this.groupsOfVar = groupsOfVar;
        this.fixedOfVar = fixedOfVar;
    }

    /**
     * The chains the plan chosen at the graph's own widths streams ({@link
     * ResourceModel#streamSummary}), empty when every layer runs whole.
     */
    public String streamSummary() {
        return models.get(chosen(fullCounts())).streamSummary();
    }

    /** The plan the budgets choose at the graph's own widths: what the model file records. */
    public PlanChoice choice() {
        return choices.get(chosen(fullCounts()));
    }

    /** The plans this view weighs, each a candidate at every set of widths. */
    public List<PlanChoice> choices() {
        return choices;
    }

    /**
     * The plan with the least SRAM at {@code groupCounts}, whether or not it meets the other
     * budgets, and that SRAM: the floor a budget error names.
     */
    public Floor sramFloor(double[] groupCounts) {
        double[] counts = modelCounts(groupCounts);
        int best = 0;
        double least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < models.size(); i++) {
            double sram = models.get(i).evaluate(counts).sramBytes().value();
            if (sram < least) {
                least = sram;
                best = i;
            }
        }
        return new Floor(choices.get(best), least);
    }

    /**
     * The least SRAM of any plan at some widths.
     *
     * @param choice the plan giving it
     * @param sramBytes its SRAM
     */
    public record Floor(PlanChoice choice, double sramBytes) {}

    /** The group behind each group variable, in variable order (the prunable groups). */
    public List<CouplingGroups.Group> variables() {
        return variables;
    }

    /** The channel counts of the graph as it is: each prunable group's full width. */
    public double[] fullCounts() {
        return variables.stream().mapToDouble(CouplingGroups.Group::channels).toArray();
    }

    /**
     * Builds the view of a gate-free {@code graph} with its coupling groups.
     *
     * @throws IllegalArgumentException naming the node when the graph cannot be deployed as int8
     */
    public static CostView of(
            org.tinyprune.nn.Graph graph, CouplingGroups groups, Overheads overheads) {
        return of(graph, groups, overheads, new MemoryPlanner());
    }

    /**
     * Builds the view of a gate-free {@code graph} whose plan the given budgets choose (the
     * pruner's planning budgets), weighing also {@code extra} plans (those of the unpruned network,
     * when pricing the pruned one).
     *
     * @throws IllegalArgumentException naming the node when the graph cannot be deployed as int8
     */
    public static CostView of(
            org.tinyprune.nn.Graph graph,
            CouplingGroups groups,
            Overheads overheads,
            Budgets budgets,
            List<PlanChoice> extra) {
        return of(graph, groups, overheads, new MemoryPlanner(), budgets, extra);
    }

    /**
     * Builds the view of a gate-free {@code graph} under a given planner (e.g. {@link
     * MemoryPlanner#layerByLayer}, for comparisons; the pruner uses the default one, as codegen
     * does).
     *
     * @throws IllegalArgumentException naming the node when the graph cannot be deployed as int8
     */
    public static CostView of(
            org.tinyprune.nn.Graph graph,
            CouplingGroups groups,
            Overheads overheads,
            MemoryPlanner planner) {
        return of(graph, groups, overheads, planner, Budgets.none(), List.of());
    }

    private static CostView of(
            org.tinyprune.nn.Graph graph,
            CouplingGroups groups,
            Overheads overheads,
            MemoryPlanner planner,
            Budgets budgets,
            List<PlanChoice> extra) {
        Map<String, ActivationRange> ranges = new HashMap<>();
        for (Node n : graph.nodes()) {
            ranges.put(n.name(), PLACEHOLDER);
        }
        Graph ir = IrQuantizer.quantize(BatchNormFolder.fold(graph), ranges);
        List<BudgetedPlan.Candidate> candidates =
                BudgetedPlan.candidates(ir, overheads, planner, extra);
        ResourceModel model = candidates.get(0).model();
        List<CouplingGroups.Group> vars = groups.prunable();
        Map<Integer, Integer> varOfGroup = new HashMap<>();
        for (int i = 0; i < vars.size(); i++) {
            varOfGroup.put(vars.get(i).id(), i);
        }
        ChannelSpace space = model.channels();
        List<String> tensors = space.variables();
        int[][] groupsOfVar = new int[tensors.size()][];
        double[] fixed = new double[tensors.size()];
        for (int t = 0; t < tensors.size(); t++) {
            ChannelMap map = groups.map(tensors.get(t));
            java.util.List<Integer> blocks = new java.util.ArrayList<>();
            int p = 0;
            while (p < map.size()) {
                int g = map.group()[p];
                int size = groups.groups().get(g).channels();
                Integer v = varOfGroup.get(g);
                if (v == null) {
                    fixed[t] += size;
                } else {
                    blocks.add(v);
                }
                p += size;
            }
            groupsOfVar[t] = blocks.stream().mapToInt(Integer::intValue).toArray();
        }
        return new CostView(candidates, budgets, vars, groupsOfVar, fixed);
    }

    /** The resources at the given group widths (soft or integer), with gradients per group. */
    public Usage evaluate(double[] groupCounts) {
        double[] counts = modelCounts(groupCounts);
        ResourceEstimate e = estimate(counts);
        Dual[] totals = {e.flashBytes(), e.sramBytes(), e.latencyCycles(), e.macs()};
        double[][] grad = new double[4][groupCounts.length];
        for (int r = 0; r < 4; r++) {
            for (int t = 0; t < counts.length; t++) {
                double d = totals[r].derivative(t);
                for (int v : groupsOfVar[t]) {
                    grad[r][v] += d;
                }
            }
        }
        return new Usage(
                e.flashBytes().value(),
                e.sramBytes().value(),
                e.arenaBytes().value(),
                e.latencyCycles().value(),
                e.macs().value(),
                grad);
    }

    /** The resources of the graph as it is. */
    public Usage evaluate() {
        return evaluate(fullCounts());
    }

    /**
     * The full estimate (per-layer figures) at the graph's own widths, under the plan chosen there.
     */
    public ResourceEstimate estimate() {
        return estimate(modelCounts(fullCounts()));
    }

    /** The channel count of each model variable at the given group widths. */
    private double[] modelCounts(double[] groupCounts) {
        double[] counts = new double[groupsOfVar.length];
        for (int t = 0; t < counts.length; t++) {
            counts[t] = fixedOfVar[t];
            for (int v : groupsOfVar[t]) {
                counts[t] += groupCounts[v];
            }
        }
        return counts;
    }

    /** The estimate of the plan the budgets choose at the given model counts. */
    private ResourceEstimate estimate(double[] counts) {
        if (models.size() == 1) {
            return models.get(0).evaluate(counts);
        }
        List<ResourceEstimate> all = new ArrayList<>();
        List<double[]> totals = new ArrayList<>();
        for (ResourceModel m : models) {
            ResourceEstimate e = m.evaluate(counts);
            all.add(e);
            totals.add(BudgetedPlan.totals(e));
        }
        return all.get(BudgetedPlan.pick(totals, budgets));
    }

    /** Index of the plan the budgets choose at the given group widths. */
    private int chosen(double[] groupCounts) {
        if (models.size() == 1) {
            return 0;
        }
        double[] counts = modelCounts(groupCounts);
        List<double[]> totals = new ArrayList<>();
        for (ResourceModel m : models) {
            totals.add(BudgetedPlan.totals(m.evaluate(counts)));
        }
        return BudgetedPlan.pick(totals, budgets);
    }
}
