package org.tinyprune.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.layer.Add;
import org.tinyprune.nn.layer.Concat;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.nn.layer.Flatten;
import org.tinyprune.nn.layer.Input;

/**
 * The coupling groups of a graph: sets of channels that must be kept or removed together.
 *
 * <p>Every convolution (groups 1), dense layer and input creates a new group of channels.
 * Channel-wise layers (depthwise convolution, BatchNorm, activations, pooling, dropout) pass their
 * input's channels through; an add ties the channels of its inputs into one group; a concat lays
 * its inputs' channels side by side; a flatten spreads each channel over its spatial positions.
 * A group is prunable unless it holds the network's input or output channels, or feeds a grouped
 * (non-depthwise) convolution. Found once per graph; one mask per group.
 */
public final class CouplingGroups {

    /**
     * One group of coupled channels.
     *
     * @param id        group id (dense, 0-based)
     * @param channels  number of channels
     * @param producers nodes that create this group's channels (conv, dense, input)
     * @param members   every node whose whole output is this group's channels
     * @param prunable  whether channels of this group may be removed
     * @param reason    why not, when not prunable
     */
    public record Group(int id, int channels, List<String> producers, List<String> members,
                        boolean prunable, String reason) {
    }

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
     * Analyses {@code graph}.
     *
     * @throws IllegalArgumentException naming the node when the graph couples channels in a way
     *         pruning cannot follow (an add of misaligned channel blocks, an unknown layer kind)
     */
    public static CouplingGroups analyse(Graph graph) {
        UnionFind uf = new UnionFind();
        List<Integer> sizes = new ArrayList<>();
        Map<String, ChannelMap> raw = new LinkedHashMap<>();
        Map<Integer, String> blocked = new TreeMap<>();
        for (Node node : graph.nodes()) {
            Layer layer = node.layer();
            int channels = graph.shape(node.name())[0];
            ChannelMap in = node.inputs().isEmpty() ? null : raw.get(node.inputs().get(0));
            ChannelMap out;
            if (layer instanceof Input || layer instanceof Dense
                    || (layer instanceof Conv2d conv && !conv.isDepthwise())) {
                int id = uf.add();
                sizes.add(channels);
                out = ChannelMap.of(id, channels);
                if (layer instanceof Input) {
                    blocked.put(id, "it is the network input (" + node.name() + ")");
                }
                if (layer instanceof Conv2d conv && conv.groups() > 1) {
                    for (int g : in.group()) {
                        blocked.putIfAbsent(g, "it feeds the grouped convolution " + node.name());
                    }
                }
            } else if (layer instanceof Add) {
                out = in;
                for (String other : node.inputs().subList(1, node.inputs().size())) {
                    tie(node.name(), in, raw.get(other), uf, sizes);
                }
            } else if (layer instanceof Concat) {
                out = concat(node, raw);
            } else if (layer instanceof Flatten) {
                int[] s = graph.shape(node.inputs().get(0));
                out = spread(in, s.length == 3 ? s[1] * s[2] : 1);
            } else if (node.inputs().size() == 1 && in.size() == channels) {
                out = in; // channel-wise: depthwise conv, BatchNorm, activations, pooling, dropout
            } else {
                throw new IllegalArgumentException("pruning does not know how " + layer.kind() + " node '"
                        + node.name() + "' maps channels; it needs a rule in CouplingGroups");
            }
            raw.put(node.name(), out);
        }
        for (int g : raw.get(graph.outputName()).group()) {
            blocked.putIfAbsent(g, "it is the network output (" + graph.outputName() + ")");
        }
        return canonical(graph, raw, uf, sizes, blocked);
    }

    private static void tie(String node, ChannelMap a, ChannelMap b, UnionFind uf, List<Integer> sizes) {
        int ga = a.singleGroup();
        int gb = b.singleGroup();
        boolean aligned = ga >= 0 && gb >= 0 && Arrays.equals(a.index(), b.index())
                && sizes.get(ga).equals(sizes.get(gb)) && sizes.get(ga) == a.size();
        if (!aligned) {
            throw new IllegalArgumentException("add node '" + node + "' sums channel blocks that are not"
                    + " whole, aligned groups (e.g. a concat feeding an add); pruning cannot tie them");
        }
        uf.union(ga, gb);
    }

    private static ChannelMap concat(Node node, Map<String, ChannelMap> raw) {
        int n = 0;
        for (String in : node.inputs()) {
            n += raw.get(in).size();
        }
        int[] g = new int[n];
        int[] ix = new int[n];
        int at = 0;
        for (String in : node.inputs()) {
            ChannelMap m = raw.get(in);
            System.arraycopy(m.group(), 0, g, at, m.size());
            System.arraycopy(m.index(), 0, ix, at, m.size());
            at += m.size();
        }
        return new ChannelMap(g, ix);
    }

    private static ChannelMap spread(ChannelMap in, int spatial) {
        int[] g = new int[in.size() * spatial];
        int[] ix = new int[g.length];
        for (int p = 0; p < g.length; p++) {
            g[p] = in.group()[p / spatial];
            ix[p] = in.index()[p / spatial];
        }
        return new ChannelMap(g, ix);
    }

    private static CouplingGroups canonical(Graph graph, Map<String, ChannelMap> raw, UnionFind uf,
                                            List<Integer> sizes, Map<Integer, String> blocked) {
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
            ChannelMap m = raw.get(node.name());
            int[] g = new int[m.size()];
            for (int p = 0; p < g.length; p++) {
                g[p] = dense.get(uf.find(m.group()[p]));
            }
            ChannelMap cm = new ChannelMap(g, m.index());
            maps.put(node.name(), cm);
            int single = cm.singleGroup();
            if (single >= 0 && cm.size() == sizes.get(m.group()[0])) {
                members.get(single).add(node.name());
                Layer l = node.layer();
                if (l instanceof Input || l instanceof Dense || (l instanceof Conv2d c && !c.isDepthwise())) {
                    producers.get(single).add(node.name());
                }
            }
        }
        Map<Integer, String> reasons = new TreeMap<>();
        blocked.forEach((g, why) -> reasons.putIfAbsent(dense.get(uf.find(g)), why));
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : dense.entrySet()) {
            int id = e.getValue();
            String why = reasons.get(id);
            groups.add(new Group(id, sizes.get(e.getKey()), List.copyOf(producers.get(id)),
                    List.copyOf(members.get(id)), why == null, why));
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
