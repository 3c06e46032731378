package org.tinyprune.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.plan.PlanChoice;
import org.tinyprune.prune.Budgets;
import org.tinyprune.prune.CostView;
import org.tinyprune.prune.CouplingGroups;
import org.tinyprune.prune.Resource;
import org.tinyprune.prune.Usage;
import org.tinyprune.report.BarChart;
import org.tinyprune.resource.Overheads;

/**
 * The resource figures and channel tables that reports show, computed by the exact resource model.
 */
final class Figures {
    private Figures() {}

    /**
     * The view of {@code graph} whose plan the planning budgets choose, weighing also {@code extra}
     * plans (the unpruned network's, when pricing the pruned one).
     */
    static CostView view(
            Overheads overheads, Graph graph, Budgets budgets, List<PlanChoice> extra) {
        return CostView.of(graph, CouplingGroups.analyse(graph), overheads, budgets, extra);
    }

    /** Flash, SRAM, latency and MACs of {@code graph} at its integer widths. */
    static Map<String, Object> of(Overheads overheads, Graph graph) {
        return of(CostView.of(graph, CouplingGroups.analyse(graph), overheads));
    }

    /**
     * Flash, SRAM, latency and MACs of a view's graph at its integer widths, under the plan chosen
     * there.
     */
    static Map<String, Object> of(CostView view) {
        Usage e = view.evaluate();
        Map<String, Object> m = new LinkedHashMap<>();
        double[] t = e.totals();
        for (Resource r : Resource.values()) {
            m.put(r.key(), Math.round(t[r.ordinal()]));
        }
        m.put("arena_bytes", Math.round(e.arenaBytes()));
        return m;
    }

    /** The plan chosen for a view's graph, for reports: its summary and the chains by node name. */
    static Map<String, Object> plan(CostView view) {
        PlanChoice c = view.choice();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", c.describe());
        m.put("streams", c.streams());
        return m;
    }

    /** Predicted cycles per layer of a view's graph, keyed by layer name in execution order. */
    static Map<String, Object> layerCycles(CostView view) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var l : view.estimate().layers()) {
            m.put(l.node(), Math.round(l.cycles()));
        }
        return m;
    }

    /** The budgets as report entries (null where there is none). */
    static Map<String, Object> budgets(Budgets b) {
        Map<String, Object> m = new LinkedHashMap<>();
        double[] a = b.asArray();
        for (Resource r : Resource.values()) {
            m.put(r.key(), Double.isInfinite(a[r.ordinal()]) ? null : Math.round(a[r.ordinal()]));
        }
        return m;
    }

    /** True if every figure is within its budget. */
    static boolean within(Map<String, Object> figures, Budgets b) {
        double[] a = b.asArray();
        for (Resource r : Resource.values()) {
            if (((Number) figures.get(r.key())).doubleValue() > a[r.ordinal()]) {
                return false;
            }
        }
        return true;
    }

    /** Output channels of every conv and dense layer before and after pruning. */
    static List<Map<String, Object>> channels(Graph before, Graph after) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Node n : before.nodes()) {
            int b = width(n);
            if (b < 0) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("layer", n.name());
            row.put("before", b);
            row.put("after", width(after.node(n.name())));
            rows.add(row);
        }
        return rows;
    }

    /** Bar chart of {@link #channels}. */
    static void plotChannels(Path png, Graph before, Graph after) throws IOException {
        List<Map<String, Object>> rows = channels(before, after);
        new BarChart(
                        "output channels per layer",
                        "layer",
                        "channels",
                        rows.stream().map(r -> (String) r.get("layer")).toList())
                .series(
                        "before",
                        rows.stream().mapToDouble(r -> (Integer) r.get("before")).toArray())
                .series("after", rows.stream().mapToDouble(r -> (Integer) r.get("after")).toArray())
                .write(png);
    }

    private static int width(Node n) {
        if (n.layer() instanceof Conv2d c) {
            return c.outChannels();
        }
        if (n.layer() instanceof Dense d) {
            return d.outFeatures();
        }
        return -1;
    }
}
