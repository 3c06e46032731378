package org.tinyprune.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tinyprune.nn.ChannelFlow;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Shapes;

/**
 * The coupling groups of a graph: sets of channels that must be kept or removed together.
 *
 * <p>Each layer says how it maps channels ({@link Layer#channelFlow}): every convolution (groups
 * 1), dense layer and input creates a new group of channels; channel-wise layers (depthwise
 * convolution, BatchNorm, activations, clamps, pooling, padding, dropout) pass their input's
 * channels through; an add or a multiply ties the channels of its inputs into one group (the
 * squeeze-and-excite gate with the tensor it scales; SiLU's x·σ(x) with itself); a concat lays its
 * inputs' channels side by side; a flatten (or a reshape within channels) spreads each channel over
 * positions. A layer that mixes channels in a way pruning cannot follow (channel shuffle, grouped
 * convolution, a reshape across channels, any layer that does not declare its flow) blocks: its
 * inputs' groups are kept whole and its output is a new group, kept whole too.
 *
 * <p>A group is prunable unless it holds the network's input or output channels or something blocks
 * it; {@link Group#reason()} then says why, naming the node, for the report. Found once per graph;
 * one mask per group.
 */
public final class CouplingGroups {

    /**
     * One group of coupled channels.
     *
     * @param id group id (dense, 0-based)
     * @param channels number of channels
     * @param producers nodes that create this group's channels (conv, dense, input, or a node that
     *     blocks pruning)
     * @param members every node whose whole output is this group's channels
     * @param prunable whether channels of this group may be removed
     * @param reason why not, when not prunable (every reason found, joined by "; ")
     */
    public record Group(
            int id,
            int channels,
            List<String> producers,
            List<String> members,
            boolean prunable,
            String reason) {}

    private final Map<String, ChannelMap> maps;
    private final List<Group> groups;

    private CouplingGroups(Map<String, ChannelMap> maps, List<Group> groups) {
        this.maps = maps;
        this.groups = groups;
    }

    /** The groups in order of their first producer in the graph. */
    public List<Group> groups() {
        return groups;
    }

    /** The prunable groups. */
    public List<Group> prunable() {
        return groups.stream().filter(Group::prunable).toList();
    }

    /** Which group channel each position of {@code node}'s output holds. */
    public ChannelMap map(String node) {
        ChannelMap m = maps.get(node);
        if (m == null) {
            throw new IllegalArgumentException("no node '" + node + "' in the analysed graph");
        }
        return m;
    }

    /**
     * Analyses {@code graph} by the {@link ChannelFlow} each layer declares. A group that cannot be
     * pruned safely is never an error: it is kept whole, with the reason in {@link Group#reason()}.
     *
     * @throws IllegalArgumentException naming the node when a layer's declared flow contradicts its
     *     shapes (a channel-wise layer that changes the channel count, a spread that does not
     *     divide)
     */
    public static CouplingGroups analyse(Graph graph) {
        Analysis a = new Analysis();
        for (Node node : graph.nodes()) {
            a.visit(graph, node);
        }
        for (String in : graph.inputNames()) {
            a.block(a.raw.get(in), "it is the network input (" + in + ")");
        }
        a.block(
                a.raw.get(graph.outputName()),
                "it is the network output (" + graph.outputName() + ")");
        return canonical(graph, a);
    }

    /** The state of one analysis: raw group ids before ties are resolved. */
    private static final class Analysis {
        final UnionFind uf = new UnionFind();
        final List<Integer> sizes = new ArrayList<>();
        final Map<String, ChannelMap> raw = new LinkedHashMap<>();
        final List<Map.Entry<Integer, String>> blocked =
                new ArrayList<>(); // raw group, reason; in order found
        final Set<String> creators = new HashSet<>();

        void visit(Graph graph, Node node) {
            Layer layer = node.layer();
            int[] shape = graph.shape(node.name());
            List<ChannelMap> ins = node.inputs().stream().map(raw::get).toList();
            ChannelFlow flow = layer.channelFlow(graph.inputShapes(node.name()));
            ChannelMap out =
                    switch (flow.kind()) {
                        case CREATES -> fresh(node, shape[0]);
                        case CHANNEL_WISE -> channelWise(node, ins, shape[0]);
                        case TIES -> ties(node, ins, shape[0]);
                        case CONCATENATES -> concat(ins);
                        case SPREADS -> spread(node, ins, graph.inputShapes(node.name()), shape);
                        case BLOCKS, UNKNOWN -> {
                            String what =
                                    layer.kind() + " '" + node.name() + "' (" + flow.why() + ")";
                            for (ChannelMap in : ins) {
                                block(in, "it feeds " + what);
                            }
                            ChannelMap m = fresh(node, shape[0]);
                            block(m, "it comes out of " + what);
                            yield m;
                        }
                    };
            raw.put(node.name(), out);
        }

        ChannelMap fresh(Node node, int channels) {
            int id = uf.add();
            sizes.add(channels);
            creators.add(node.name());
            return ChannelMap.of(id, channels);
        }

        void block(ChannelMap m, String reason) {
            Arrays.stream(m.group()).distinct().forEach(g -> blocked.add(Map.entry(g, reason)));
        }

        ChannelMap channelWise(Node node, List<ChannelMap> ins, int channels) {
            if (ins.size() != 1 || ins.get(0).size() != channels) {
                throw new IllegalArgumentException(
                        node.layer().kind()
                                + " node '"
                                + node.name()
                                + "' declares a"
                                + " channel-wise flow but maps "
                                + ins.stream().map(m -> String.valueOf(m.size())).toList()
                                + " input channels to "
                                + channels
                                + "; fix its Layer.channelFlow");
            }
            return ins.get(0);
        }

        /**
         * Ties position by position the inputs that have the output's channel count (an input of
         * one channel, broadcast, is left alone). Positions must hold the same channel index of
         * groups of the same size; otherwise (e.g. a concat summed with a plain tensor) every group
         * involved is kept whole.
         */
        ChannelMap ties(Node node, List<ChannelMap> ins, int channels) {
            ChannelMap full =
                    ins.stream().filter(m -> m.size() == channels).findFirst().orElse(null);
            boolean aligned = full != null;
            for (ChannelMap m : ins) {
                if (!aligned) {
                    break;
                }
                if (m.size() == channels) {
                    for (int p = 0; p < channels && aligned; p++) {
                        aligned =
                                m.index()[p] == full.index()[p]
                                        && sizes.get(m.group()[p])
                                                .equals(sizes.get(full.group()[p]));
                    }
                } else {
                    aligned = m.size() == 1;
                }
            }
            if (!aligned) {
                String why =
                        "it is combined by "
                                + node.layer().kind()
                                + " '"
                                + node.name()
                                + "' with channels laid"
                                + " out differently (e.g. a concat on one side only), which pruning cannot keep aligned";
                ins.forEach(m -> block(m, why));
                return full != null ? full : fresh(node, channels);
            }
            for (ChannelMap m : ins) {
                if (m.size() == channels) {
                    for (int p = 0; p < channels; p++) {
                        uf.union(m.group()[p], full.group()[p]);
                    }
                }
            }
            return full;
        }

        /**
         * Each input position becomes {@code per-input-channel size / per-output-position size}
         * positions.
         */
        ChannelMap spread(Node node, List<ChannelMap> ins, List<int[]> inShapes, int[] shape) {
            int[] s = inShapes.get(0);
            int perIn = Shapes.size(s) / s[0];
            int perOut = Shapes.size(shape) / shape[0];
            ChannelMap in = ins.get(0);
            if (ins.size() != 1
                    || perIn % perOut != 0
                    || in.size() * (perIn / perOut) != shape[0]) {
                throw new IllegalArgumentException(
                        node.layer().kind()
                                + " node '"
                                + node.name()
                                + "' declares a"
                                + " spreading flow but maps "
                                + Shapes.str(s)
                                + " to "
                                + Shapes.str(shape)
                                + ", where output positions do not each lie in one input channel; fix its Layer.channelFlow");
            }
            int factor = perIn / perOut;
            int[] g = new int[in.size() * factor];
            int[] ix = new int[g.length];
            for (int p = 0; p < g.length; p++) {
                g[p] = in.group()[p / factor];
                ix[p] = in.index()[p / factor];
            }
            return new ChannelMap(g, ix);
        }
    }

    private static ChannelMap concat(List<ChannelMap> ins) {
        int n = 0;
        for (ChannelMap m : ins) {
            n += m.size();
        }
        int[] g = new int[n];
        int[] ix = new int[n];
        int at = 0;
        for (ChannelMap m : ins) {
            System.arraycopy(m.group(), 0, g, at, m.size());
            System.arraycopy(m.index(), 0, ix, at, m.size());
            at += m.size();
        }
        return new ChannelMap(g, ix);
    }

    private static CouplingGroups canonical(Graph graph, Analysis a) {
        UnionFind uf = a.uf;
        List<Integer> sizes = a.sizes;
        Map<Integer, Integer> dense = new LinkedHashMap<>();
        for (int i = 0; i < sizes.size(); i++) {
            dense.putIfAbsent(uf.find(i), dense.size());
        }
        Map<String, ChannelMap> maps = new LinkedHashMap<>();
        List<List<String>> producers = new ArrayList<>();
        List<List<String>> members = new ArrayList<>();
        for (int i = 0; i < dense.size(); i++) {
            producers.add(new ArrayList<>());
            members.add(new ArrayList<>());
        }
        for (Node node : graph.nodes()) {
            ChannelMap m = a.raw.get(node.name());
            int[] g = new int[m.size()];
            for (int p = 0; p < g.length; p++) {
                g[p] = dense.get(uf.find(m.group()[p]));
            }
            ChannelMap cm = new ChannelMap(g, m.index());
            maps.put(node.name(), cm);
            int single = cm.singleGroup();
            if (single >= 0 && cm.size() == sizes.get(m.group()[0])) {
                members.get(single).add(node.name());
                if (a.creators.contains(node.name())) {
                    producers.get(single).add(node.name());
                }
            }
        }
        Map<Integer, List<String>> reasons = new TreeMap<>();
        for (Map.Entry<Integer, String> e : a.blocked) {
            List<String> r =
                    reasons.computeIfAbsent(dense.get(uf.find(e.getKey())), k -> new ArrayList<>());
            if (!r.contains(e.getValue())) {
                r.add(e.getValue());
            }
        }
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : dense.entrySet()) {
            int id = e.getValue();
            List<String> why = reasons.get(id);
            groups.add(
                    new Group(
                            id,
                            sizes.get(e.getKey()),
                            List.copyOf(producers.get(id)),
                            List.copyOf(members.get(id)),
                            why == null,
                            why == null ? null : String.join("; ", why)));
        }
        return new CouplingGroups(maps, List.copyOf(groups));
    }

    /** Union-find over group ids with path halving. */
    private static final class UnionFind {
        private final List<Integer> parent = new ArrayList<>();

        int add() {
            parent.add(parent.size());
            return parent.size() - 1;
        }

        int find(int x) {
            while (parent.get(x) != x) {
                parent.set(x, parent.get(parent.get(x)));
                x = parent.get(x);
            }
            return x;
        }

        void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra != rb) {
                parent.set(Math.max(ra, rb), Math.min(ra, rb));
            }
        }
    }
}
