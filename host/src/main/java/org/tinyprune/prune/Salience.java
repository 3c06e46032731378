package org.tinyprune.prune;

import java.util.Locale;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;

/**
 * How important each channel of a coupling group is; channels are kept in order of salience. Scores
 * are summed over every layer of the group.
 */
public enum Salience {
    /**
     * L2 norm of each channel's filter (output weights) in every conv and dense layer of the group.
     */
    FILTER_NORM,
    /** L1 norm of each channel's filter, as in L1-norm filter pruning (the {@code l1} baseline). */
    FILTER_L1,
    /** |γ| of each channel in every BatchNorm of the group (network slimming). */
    BN_SCALE,
    /**
     * First-order Taylor estimate |dLoss/dmask| of the loss change on removing the channel; before
     * any has been gathered, {@link #FILTER_NORM}.
     */
    TAYLOR;

    /** Parses {@code filter-norm}, {@code bn-scale} or {@code taylor}. */
    public static Salience parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown salience '" + text + "'; choose filter-norm, bn-scale or taylor", e);
        }
    }

    /**
     * Scores the channels of {@code group} in the gate-free or gated {@code graph}.
     *
     * @param taylor running |dLoss/dmask| per channel of the group (used by {@link #TAYLOR})
     */
    public double[] score(
            Graph graph, CouplingGroups groups, CouplingGroups.Group group, double[] taylor) {
        double[] s = new double[group.channels()];
        if (this == TAYLOR) {
            if (java.util.Arrays.stream(taylor).anyMatch(v -> v != 0)) {
                System.arraycopy(taylor, 0, s, 0, s.length);
                return s;
            }
            // nothing gathered yet (the first ranking): rank by the weights, which already mean
            // something when pruning starts from a trained (imported) network
            return FILTER_NORM.score(graph, groups, group, taylor);
        }
        for (String member : group.members()) {
            Node n = graph.node(member);
            int[] index = groups.map(member).index();
            Layer l = n.layer();
            if (this == BN_SCALE && l instanceof BatchNorm2d bn) {
                for (int c = 0; c < index.length; c++) {
                    s[index[c]] += Math.abs(bn.gamma().values()[c]);
                }
            } else if ((this == FILTER_NORM || this == FILTER_L1)
                    && (l instanceof Conv2d || l instanceof Dense)) {
                float[] w =
                        l instanceof Conv2d conv
                                ? conv.weight().values()
                                : ((Dense) l).weight().values();
                int per = w.length / index.length;
                for (int c = 0; c < index.length; c++) {
                    double sum = 0;
                    for (int i = c * per; i < (c + 1) * per; i++) {
                        sum += this == FILTER_L1 ? Math.abs(w[i]) : (double) w[i] * w[i];
                    }
                    s[index[c]] += this == FILTER_L1 ? sum : Math.sqrt(sum);
                }
            }
        }
        if (this == BN_SCALE && java.util.Arrays.stream(s).allMatch(v -> v == 0)) {
            return FILTER_NORM.score(graph, groups, group, taylor); // a group without BatchNorm
        }
        return s;
    }

    /** Ranks of the scores: 0 for the most salient channel; ties broken by channel index. */
    static int[] ranks(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(
                order,
                (a, b) ->
                        scores[a] != scores[b]
                                ? Double.compare(scores[b], scores[a])
                                : Integer.compare(a, b));
        int[] rank = new int[scores.length];
        for (int r = 0; r < order.length; r++) {
            rank[order[r]] = r;
        }
        return rank;
    }
}
