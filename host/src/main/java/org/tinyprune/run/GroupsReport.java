package org.tinyprune.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.nn.Graph;
import org.tinyprune.prune.ChannelCounts;
import org.tinyprune.prune.CouplingGroups;

/**
 * The coupling groups of a prune run for its report: every group with its width before and after,
 * and each group kept whole with the reason, naming the node (the network's input and output, a
 * channel shuffle, a grouped convolution...), so that nothing is left unpruned without saying why.
 */
final class GroupsReport {
    private GroupsReport() {}

    /**
     * One entry per coupling group of {@code base}: {@code id}, {@code channels} (before), {@code
     * kept} (in {@code result}, which has the same groups), {@code producers}, {@code prunable}
     * and, when not, {@code reason}.
     */
    static List<Map<String, Object>> groups(Graph base, Graph result) {
        CouplingGroups groups = CouplingGroups.analyse(base);
        double[] kept = ChannelCounts.of(result);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CouplingGroups.Group g : groups.groups()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", g.id());
            row.put("channels", g.channels());
            row.put("kept", g.id() < kept.length ? (int) kept[g.id()] : g.channels());
            row.put("producers", g.producers());
            row.put("prunable", g.prunable());
            if (!g.prunable()) {
                row.put("reason", g.reason());
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * One line per group of {@code base} kept whole, e.g. {@code group 1 (/branch1/Conv, 16
     * channels): it feeds ChannelShuffle 'output' (...)}.
     */
    static List<String> keptWhole(Graph base) {
        List<String> lines = new ArrayList<>();
        for (CouplingGroups.Group g : CouplingGroups.analyse(base).groups()) {
            if (!g.prunable()) {
                lines.add(
                        "group "
                                + g.id()
                                + " ("
                                + String.join(", ", g.producers())
                                + ", "
                                + g.channels()
                                + " channels): "
                                + g.reason());
            }
        }
        return lines;
    }
}
