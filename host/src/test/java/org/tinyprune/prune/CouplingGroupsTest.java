package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;

class CouplingGroupsTest {

    /** stem conv → [dw block] → residual add with the stem → concat with a side conv → GAP → fc. */
    static Graph branchy() {
        GraphBuilder b = Graph.builder("branchy").input("x", 2, 8, 8);
        b.conv("stem", 6, 3, 1, 1).batchNorm("stem_bn").relu("stem_relu");
        b.pointwise("expand", 12).batchNorm("expand_bn").relu6("expand_act");
        b.depthwise("dw", 3, 1, 1).batchNorm("dw_bn").relu6("dw_act");
        b.pointwise("project", 6).batchNorm("project_bn");
        b.add("res", "stem_relu", "project_bn");
        b.from("x").conv("side", 4, 3, 2, 1).relu("side_relu");
        b.from("res").maxPool("pool", 2, 2, 0);
        b.concat("cat", "pool", "side_relu");
        b.conv("head", 5, 1, 1, 0).relu("head_relu");
        b.globalAvgPool("gap").flatten("flat").dense("fc", 3);
        return b.build();
    }

    @Test
    void groupsFollowAddDepthwiseAndConcat() {
        CouplingGroups cg = CouplingGroups.analyse(branchy());
        // groups: x, stem+project (tied by the add), expand (+dw), side, head, fc
        assertEquals(6, cg.groups().size());
        int stem = cg.map("stem").singleGroup();
        assertEquals(stem, cg.map("project").singleGroup());
        assertEquals(stem, cg.map("res").singleGroup());
        assertEquals(cg.map("expand").singleGroup(), cg.map("dw_act").singleGroup());
        CouplingGroups.Group tied = cg.groups().get(stem);
        assertEquals(List.of("stem", "project"), tied.producers());
        assertTrue(tied.prunable());
        ChannelMap cat = cg.map("cat");
        assertEquals(10, cat.size());
        assertEquals(stem, cat.group()[5]);
        assertEquals(cg.map("side").singleGroup(), cat.group()[6]);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3}, cat.index());
        assertFalse(cg.groups().get(cg.map("x").singleGroup()).prunable());
        assertFalse(cg.groups().get(cg.map("fc").singleGroup()).prunable());
        assertEquals(4, cg.prunable().size());
    }

    @Test
    void flattenSpreadsChannelsOverPositions() {
        GraphBuilder b = Graph.builder("flat").input("x", 1, 4, 4);
        b.conv("c", 3, 3, 2, 1).flatten("f").dense("fc", 2);
        CouplingGroups cg = CouplingGroups.analyse(b.build());
        ChannelMap f = cg.map("f");
        assertEquals(12, f.size());
        assertEquals(cg.map("c").singleGroup(), f.group()[11]);
        assertEquals(2, f.index()[11]);
        assertEquals(1, f.index()[4]);
    }
}
