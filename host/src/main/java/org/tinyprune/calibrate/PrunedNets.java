package org.tinyprune.calibrate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.tinyprune.nn.Graph;
import org.tinyprune.prune.CouplingGroups;
import org.tinyprune.prune.GraphSurgery;

/**
 * Zoo models pruned the way the pruner prunes them, but at random: every prunable coupling group
 * keeps a seeded random number of its channels (between a quarter and all, at least one), so the
 * channel counts are non-uniform across layers, unlike a width multiplier. Named {@code
 * <architecture>@pruned}, they are held out with their architecture.
 */
final class PrunedNets {
    /** Width the pruned models start from. */
    static final double BASE_WIDTH = 0.5;

    /** Smallest share of a group's channels kept. */
    static final double MIN_KEEP = 0.25;

    private PrunedNets() {}

    /** One pruned model per architecture. */
    static List<BenchNet> of(List<String> architectures, long seed) {
        return architectures.stream().map(arch -> pruned(arch, seed)).toList();
    }

    private static BenchNet pruned(String arch, long seed) {
        BenchNet base = BenchmarkSuite.zoo(List.of(arch), List.of(BASE_WIDTH), seed).get(0);
        Graph g = base.graph();
        CouplingGroups groups = CouplingGroups.analyse(g);
        SplittableRandom rnd = new SplittableRandom(seed * 7919 + arch.hashCode());
        Map<Integer, int[]> keep = new HashMap<>();
        for (CouplingGroups.Group group : groups.prunable()) {
            int c = group.channels();
            int min = Math.max(1, (int) Math.ceil(MIN_KEEP * c));
            int k = min + rnd.nextInt(c - min + 1);
            keep.put(group.id(), IntStream.range(0, k).toArray());
        }
        return new BenchNet(arch + "@pruned", GraphSurgery.select(g, groups, keep), true);
    }
}
