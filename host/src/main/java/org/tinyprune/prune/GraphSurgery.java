package org.tinyprune.prune;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.nn.layer.Input;

/**
 * Rewrites graphs for pruning: inserts and removes {@link ChannelGate}s, and physically removes
 * channels (every layer touching a pruned group gets a smaller copy of its weights). The input
 * graph is never modified; each method returns a new graph.
 */
public final class GraphSurgery {
    /** Suffix of the node name of a gate inserted after node {@code x}: {@code x + GATE}. */
    public static final String GATE = "_gate";

    private GraphSurgery() {}

    /**
     * A copy of a gate-free {@code graph} with a gate after every layer with per-channel weights
     * ({@link MaskFolding#foldable}: convolution, depthwise included, dense, BatchNorm) whose
     * output is a prunable group (after the BatchNorm when that is the layer's only consumer). So a
     * masked channel is zero after every weighted layer it passes, and no bias or BatchNorm shift
     * of a masked channel reaches a later layer (which removing the channel would also remove).
     *
     * @param masks mask array per group id (length = group channels), shared by its gates
     * @param maskGrads gradient accumulator per group id
     */
    public static Graph withGates(
            Graph graph,
            CouplingGroups groups,
            Map<Integer, float[]> masks,
            Map<Integer, double[]> maskGrads) {
        Map<String, String> gateAfter = new HashMap<>();
        for (Node n : graph.nodes()) {
            if (!MaskFolding.foldable(n.layer())) {
                continue;
            }
            int g = groups.map(n.name()).singleGroup();
            if (g < 0 || !groups.groups().get(g).prunable()) {
                continue;
            }
            List<String> consumers = graph.consumers(n.name());
            String at =
                    consumers.size() == 1
                                    && graph.node(consumers.get(0)).layer() instanceof BatchNorm2d
                            ? consumers.get(0)
                            : n.name();
            gateAfter.put(at, at + GATE);
        }
        GraphBuilder b = Graph.builder(graph.name());
        for (Node n : graph.nodes()) {
            add(b, n.name(), n.layer(), rename(n.inputs(), gateAfter));
            String gate = gateAfter.get(n.name());
            if (gate != null) {
                ChannelMap m = groups.map(n.name());
                int g = m.singleGroup();
                b.layer(gate, new ChannelGate(masks.get(g), maskGrads.get(g), m.index()), n.name());
            }
        }
        String out = graph.outputName();
        return b.output(gateAfter.getOrDefault(out, out)).build();
    }

    /** A copy of {@code graph} without its gates (consumers read the gated node directly). */
    public static Graph withoutGates(Graph graph) {
        GraphBuilder b = Graph.builder(graph.name());
        for (Node n : graph.nodes()) {
            if (!(n.layer() instanceof ChannelGate)) {
                add(
                        b,
                        n.name(),
                        n.layer(),
                        n.inputs().stream().map(GraphSurgery::ungated).toList());
            }
        }
        return b.output(ungated(graph.outputName())).build();
    }

    /**
     * A copy of a gate-free {@code graph} keeping, for each group id in {@code keep}, only the
     * listed channels (ascending group channel indices); groups not listed keep all channels. Every
     * layer is cut by its own {@link Layer#keepChannels}, so the copy shares no params with {@code
     * graph}.
     *
     * @throws IllegalArgumentException when a non-prunable group would lose channels or a group
     *     would keep none
     */
    public static Graph select(Graph graph, CouplingGroups groups, Map<Integer, int[]> keep) {
        for (Map.Entry<Integer, int[]> e : keep.entrySet()) {
            CouplingGroups.Group g = groups.groups().get(e.getKey());
            if (e.getValue().length == 0) {
                throw new IllegalArgumentException(
                        "group " + g.id() + " " + g.members() + " would keep no channel");
            }
            if (!g.prunable() && e.getValue().length != g.channels()) {
                throw new IllegalArgumentException(
                        "group " + g.id() + " is not prunable: " + g.reason());
            }
        }
        Function<String, int[]> kept = node -> positions(groups.map(node), keep);
        GraphBuilder b = Graph.builder(graph.name());
        for (Node n : graph.nodes()) {
            int[] out = kept.apply(n.name());
            int[] in = n.inputs().isEmpty() ? out : kept.apply(n.inputs().get(0));
            Layer copy;
            try {
                copy = n.layer().keepChannels(in, out);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        n.layer().kind()
                                + " node '"
                                + n.name()
                                + "' cannot keep "
                                + in.length
                                + " input and "
                                + out.length
                                + " output channels: "
                                + e.getMessage(),
                        e);
            }
            add(b, n.name(), copy, n.inputs());
        }
        return b.output(graph.outputName()).build();
    }

    /** Positions of a node's output that survive {@code keep}. */
    static int[] positions(ChannelMap map, Map<Integer, int[]> keep) {
        int[] result = new int[map.size()];
        int n = 0;
        for (int p = 0; p < map.size(); p++) {
            int[] k = keep.get(map.group()[p]);
            if (k == null || java.util.Arrays.binarySearch(k, map.index()[p]) >= 0) {
                result[n++] = p;
            }
        }
        return java.util.Arrays.copyOf(result, n);
    }

    private static void add(GraphBuilder b, String name, Layer layer, List<String> inputs) {
        if (layer instanceof Input in) {
            b.input(name, in.shape());
        } else {
            b.layer(name, layer, inputs.toArray(String[]::new));
        }
    }

    private static List<String> rename(List<String> inputs, Map<String, String> gateAfter) {
        return inputs.stream().map(i -> gateAfter.getOrDefault(i, i)).toList();
    }

    private static String ungated(String name) {
        return name.endsWith(GATE) ? name.substring(0, name.length() - GATE.length()) : name;
    }
}
