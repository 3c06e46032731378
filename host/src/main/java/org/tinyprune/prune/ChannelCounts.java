package org.tinyprune.prune;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.tinyprune.nn.Graph;
import org.tinyprune.train.Checkpoint;

/**
 * The architecture of a pruned network as the channel count of each coupling group (in the order of
 * {@link CouplingGroups#groups()}), so a checkpoint can rebuild a network pruned mid-training from
 * its unpruned base: pruning changes channel counts, never the graph's structure, so the base and
 * every network pruned from it have the same groups in the same order.
 */
public final class ChannelCounts {
    /** Checkpoint value array holding the counts. */
    public static final String KEY = "arch:channels";

    private ChannelCounts() {}

    /** Channels per coupling group of {@code graph} (gated or gate-free). */
    public static double[] of(Graph graph) {
        return CouplingGroups.analyse(GraphSurgery.withoutGates(graph)).groups().stream()
                .mapToDouble(CouplingGroups.Group::channels)
                .toArray();
    }

    /**
     * A gate-free copy of {@code base} with each group cut to its first {@code counts[g]} channels:
     * the shape of the pruned network, to load its weights into.
     *
     * @throws IllegalArgumentException when the counts do not fit the base (another architecture)
     */
    public static Graph apply(Graph base, double[] counts) {
        CouplingGroups groups = CouplingGroups.analyse(base);
        List<CouplingGroups.Group> all = groups.groups();
        if (all.size() != counts.length) {
            throw new IllegalArgumentException(
                    "the checkpoint describes "
                            + counts.length
                            + " coupling groups but "
                            + base.name()
                            + " has "
                            + all.size()
                            + "; it was written for another model (use the same --model and --width, or start afresh)");
        }
        Map<Integer, int[]> keep = new HashMap<>();
        for (CouplingGroups.Group g : all) {
            int k = (int) counts[g.id()];
            if (k < 1 || k > g.channels() || k != counts[g.id()]) {
                throw new IllegalArgumentException(
                        "the checkpoint keeps "
                                + counts[g.id()]
                                + " channels of group "
                                + g.id()
                                + " "
                                + g.members()
                                + ", which has "
                                + g.channels()
                                + "; it was written for another model (use the same --model and --width, or start afresh)");
            }
            if (k < g.channels()) {
                keep.put(g.id(), IntStream.range(0, k).toArray());
            }
        }
        return GraphSurgery.select(base, groups, keep);
    }

    /** Records the architecture of {@code graph} in {@code checkpoint}. */
    public static void save(Graph graph, Checkpoint checkpoint) {
        checkpoint.withValues(KEY, of(graph));
    }

    /**
     * The network of the architecture recorded in {@code checkpoint}, cut from {@code base}
     * (weights to load).
     */
    public static Graph restore(Graph base, Checkpoint checkpoint) {
        return apply(base, checkpoint.values(KEY));
    }
}
