package org.tinyprune.prune;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.layer.Add;
import org.tinyprune.nn.layer.AvgPool2d;
import org.tinyprune.nn.layer.Concat;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.nn.layer.Flatten;
import org.tinyprune.nn.layer.GlobalAvgPool;
import org.tinyprune.nn.layer.Input;
import org.tinyprune.nn.layer.MaxPool2d;
import org.tinyprune.resource.Channels;
import org.tinyprune.resource.CostGraph;
import org.tinyprune.resource.CostLayer;
import org.tinyprune.resource.CostOp;

/**
 * A training graph as the resource model sees its int8 deployment: one channel variable per
 * prunable coupling group, BatchNorm, activations, dropout and gates fused into the layer before
 * them (they write no tensor of their own), everything else one {@link CostLayer}.
 */
public final class CostView {
    private final CostGraph costGraph;
    private final List<CouplingGroups.Group> variables;

    private CostView(CostGraph costGraph, List<CouplingGroups.Group> variables) {
        this.costGraph = costGraph;
        this.variables = variables;
    }

    /** The cost graph. */
    public CostGraph costGraph() {
        return costGraph;
    }

    /** The group behind each channel variable, in variable order (the prunable groups). */
    public List<CouplingGroups.Group> variables() {
        return variables;
    }

    /** The channel counts of the graph as it is: each prunable group's full width. */
    public double[] fullCounts() {
        return variables.stream().mapToDouble(CouplingGroups.Group::channels).toArray();
    }

    /** Builds the view of {@code graph} (gates allowed) with groups {@code groups}. */
    public static CostView of(Graph graph, CouplingGroups groups) {
        List<CouplingGroups.Group> vars = groups.prunable();
        Map<Integer, Integer> varOf = new HashMap<>();
        for (int i = 0; i < vars.size(); i++) {
            varOf.put(vars.get(i).id(), i);
        }
        List<CostGraph.TensorInfo> tensors = new ArrayList<>();
        List<CostLayer> layers = new ArrayList<>();
        Map<String, Integer> tensorOf = new HashMap<>();
        int input = -1;
        for (Node n : graph.nodes()) {
            Layer l = n.layer();
            List<Integer> in = n.inputs().stream().map(tensorOf::get).toList();
            CostOp op = opOf(n);
            if (op == null && !(l instanceof Input)) {
                tensorOf.put(n.name(), in.get(0)); // fused into the layer before
                continue;
            }
            int[] s = graph.shape(n.name());
            Channels ch = channels(groups.map(l instanceof Flatten ? n.inputs().get(0) : n.name()), varOf, groups);
            int h = s.length == 3 ? s[1] : 1;
            int w = s.length == 3 ? s[2] : 1;
            if (l instanceof Flatten) {
                int[] is = graph.shape(n.inputs().get(0));
                h = is.length == 3 ? is[1] : 1;
                w = is.length == 3 ? is[2] : 1;
            }
            tensorOf.put(n.name(), tensors.size());
            tensors.add(new CostGraph.TensorInfo(n.name(), ch, h, w, 1));
            if (l instanceof Input) {
                input = tensors.size() - 1;
                continue;
            }
            int kh = 1;
            int kw = 1;
            if (l instanceof Conv2d c) {
                kh = c.kernelH();
                kw = c.kernelW();
            } else if (l instanceof MaxPool2d mp) {
                kh = kw = mp.kernel();
            } else if (l instanceof AvgPool2d ap) {
                kh = kw = ap.kernel();
            }
            layers.add(new CostLayer(n.name(), op, in, tensors.size() - 1, kh, kw));
        }
        int output = tensorOf.get(graph.outputName());
        return new CostView(new CostGraph(tensors, layers, input, output, vars.size()), vars);
    }

    private static CostOp opOf(Node n) {
        Layer l = n.layer();
        if (l instanceof Conv2d c) {
            if (c.isDepthwise()) {
                return CostOp.DEPTHWISE;
            }
            if (c.groups() != 1) {
                throw new IllegalArgumentException("node '" + n.name() + "': grouped convolution (groups="
                        + c.groups() + ") has no int8 kernel; use groups 1 or depthwise");
            }
            return c.kernelH() == 1 && c.kernelW() == 1 ? CostOp.CONV_1X1 : CostOp.CONV;
        }
        if (l instanceof Dense) {
            return CostOp.DENSE;
        }
        if (l instanceof MaxPool2d) {
            return CostOp.MAX_POOL;
        }
        if (l instanceof AvgPool2d) {
            return CostOp.AVG_POOL;
        }
        if (l instanceof GlobalAvgPool) {
            return CostOp.GLOBAL_AVG_POOL;
        }
        if (l instanceof Add) {
            return CostOp.ADD;
        }
        if (l instanceof Concat) {
            return CostOp.CONCAT;
        }
        if (l instanceof Flatten) {
            return CostOp.RESHAPE;
        }
        return null;
    }

    private static Channels channels(ChannelMap map, Map<Integer, Integer> varOf, CouplingGroups groups) {
        List<Channels> parts = new ArrayList<>();
        int p = 0;
        while (p < map.size()) {
            int g = map.group()[p];
            int size = groups.groups().get(g).channels();
            Integer v = varOf.get(g);
            parts.add(v == null ? Channels.fixed(size) : Channels.of(v));
            p += size;
        }
        return Channels.sum(parts.toArray(Channels[]::new));
    }
}
