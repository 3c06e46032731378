package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.layer.AvgPool2d;
import org.tinyprune.nn.layer.Clamp;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.HardSwish;
import org.tinyprune.nn.layer.Mul;
import org.tinyprune.nn.layer.Reshape;
import org.tinyprune.nn.layer.Sigmoid;
import org.tinyprune.nn.layer.ZeroPad2d;

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

    /**
     * Keras-style squeeze-and-excite: the gate is computed by dense layers on the pooled features
     * and reshaped [8] → [8,1,1] before the Mul. The reshape keeps positions one to one, so the
     * second dense layer is tied to the conv it gates.
     */
    static Graph denseSqueezeExcite() {
        GraphBuilder b = Graph.builder("dense-se").input("x", 2, 6, 6);
        b.conv("c", 8, 3, 1, 1)
                .layer("pad", new ZeroPad2d(1, 0, 0, 1))
                .layer("hs", new HardSwish());
        b.globalAvgPool("gap")
                .flatten("squeeze")
                .dense("fc1", 3)
                .relu("fc1_relu")
                .dense("fc2", 8)
                .layer("gate", new Sigmoid())
                .layer("unsqueeze", new Reshape(8, 1, 1));
        b.layer("scaled", new Mul(), "hs", "unsqueeze")
                .layer("clamp", new Clamp(-2f, 2f))
                .layer("pool", new AvgPool2d(2, 2, 0));
        b.flatten("flat").dense("fc", 3);
        return b.build();
    }

    @Test
    void mulTiesAReshapedDenseGateToTheTensorItScales() {
        CouplingGroups cg = CouplingGroups.analyse(denseSqueezeExcite());
        int c = cg.map("c").singleGroup();
        for (String n :
                List.of(
                        "pad",
                        "hs",
                        "gap",
                        "squeeze",
                        "fc2",
                        "gate",
                        "unsqueeze",
                        "scaled",
                        "clamp",
                        "pool")) {
            assertEquals(c, cg.map(n).singleGroup(), n);
        }
        assertEquals(List.of("c", "fc2"), cg.groups().get(c).producers());
        assertEquals(
                8 * 3 * 3, cg.map("flat").size(), "the pooled 3x3 planes spread over the features");
        assertEquals(
                List.of(8, 3), cg.prunable().stream().map(CouplingGroups.Group::channels).toList());
    }

    @Test
    void mulWithAOneChannelFactorDoesNotTieIt() {
        GraphBuilder b = Graph.builder("spatial").input("x", 2, 6, 6);
        b.conv("c", 4, 3, 1, 1).relu("r").conv("attn", 1, 1, 1, 0).layer("sig", new Sigmoid());
        b.layer("scaled", new Mul(), "r", "sig").globalAvgPool("gap").flatten("f").dense("fc", 2);
        CouplingGroups cg = CouplingGroups.analyse(b.build());
        assertEquals(cg.map("c").singleGroup(), cg.map("scaled").singleGroup());
        assertTrue(cg.map("attn").singleGroup() != cg.map("c").singleGroup());
        assertEquals(
                List.of(4, 1), cg.prunable().stream().map(CouplingGroups.Group::channels).toList());
    }

    @Test
    void groupedConvKeepsItsInputAndOutputGroupsWhole() {
        GraphBuilder b = Graph.builder("grouped").input("x", 2, 6, 6);
        b.conv("c", 8, 3, 1, 1)
                .layer("g", new Conv2d(8, 8, 3, 1, 1, 2, true))
                .relu("r")
                .conv("d", 4, 1, 1, 0);
        b.globalAvgPool("gap").flatten("f").dense("fc", 2);
        CouplingGroups cg = CouplingGroups.analyse(b.build());
        CouplingGroups.Group in = cg.groups().get(cg.map("c").singleGroup());
        CouplingGroups.Group out = cg.groups().get(cg.map("g").singleGroup());
        assertFalse(in.prunable());
        assertTrue(
                in.reason().startsWith("it feeds Conv2d 'g' (a convolution of 2 groups"),
                in.reason());
        assertFalse(out.prunable());
        assertTrue(out.reason().startsWith("it comes out of Conv2d 'g'"), out.reason());
        assertEquals(List.of("g"), out.producers());
        assertEquals(
                List.of(4), cg.prunable().stream().map(CouplingGroups.Group::channels).toList());
    }

    @Test
    void reshapeAcrossChannelsAndUndeclaredLayersBlock() {
        GraphBuilder b = Graph.builder("odd").input("x", 2, 4, 4);
        b.conv("c", 4, 3, 1, 1)
                .layer("mix", new Reshape(2, 8, 4))
                .layer("mystery", new Identity())
                .conv("d", 4, 1, 1, 0)
                .flatten("f")
                .dense("fc", 2);
        CouplingGroups cg = CouplingGroups.analyse(b.build());
        String c = cg.groups().get(cg.map("c").singleGroup()).reason();
        assertEquals(
                "it feeds Reshape 'mix' (a reshape of [4, 4, 4] to [2, 8, 4], whose output channels each take"
                        + " parts of several input channels)",
                c);
        String mix = cg.groups().get(cg.map("mix").singleGroup()).reason();
        assertTrue(
                mix.startsWith("it comes out of Reshape 'mix'")
                        && mix.contains("it feeds Identity 'mystery'")
                        && mix.contains("does not declare how it maps channels"),
                mix);
        assertEquals(
                List.of(4), cg.prunable().stream().map(CouplingGroups.Group::channels).toList());
        assertEquals(cg.map("d").singleGroup(), cg.prunable().get(0).id());
    }

    @Test
    void anAddOfMisalignedBlocksKeepsThemWhole() {
        GraphBuilder b = Graph.builder("misaligned").input("x", 2, 4, 4);
        b.conv("a", 2, 3, 1, 1).from("x").conv("b", 2, 3, 1, 1).concat("cat", "a", "b");
        b.from("x").conv("w", 4, 3, 1, 1).add("sum", "cat", "w").conv("d", 3, 1, 1, 0);
        b.flatten("f").dense("fc", 2);
        CouplingGroups cg = CouplingGroups.analyse(b.build());
        for (String n : List.of("a", "b", "w")) {
            CouplingGroups.Group g = cg.groups().get(cg.map(n).singleGroup());
            assertFalse(g.prunable(), n);
            assertTrue(
                    g.reason()
                            .startsWith(
                                    "it is combined by Add 'sum' with channels laid out differently"),
                    g.reason());
        }
        assertEquals(
                List.of(3), cg.prunable().stream().map(CouplingGroups.Group::channels).toList());
    }

    @Test
    void anAddOfTwoConcatsWithTheSameLayoutTiesBlockByBlock() {
        GraphBuilder b = Graph.builder("twin").input("x", 2, 4, 4);
        b.conv("a", 2, 3, 1, 1).from("x").conv("b", 3, 3, 1, 1).concat("cat1", "a", "b");
        b.from("x").conv("p", 2, 3, 1, 1).from("x").conv("q", 3, 3, 1, 1).concat("cat2", "p", "q");
        b.add("sum", "cat1", "cat2").conv("d", 3, 1, 1, 0).flatten("f").dense("fc", 2);
        CouplingGroups cg = CouplingGroups.analyse(b.build());
        assertEquals(cg.map("a").singleGroup(), cg.map("p").singleGroup());
        assertEquals(cg.map("b").singleGroup(), cg.map("q").singleGroup());
        assertEquals(
                List.of(2, 3, 3),
                cg.prunable().stream().map(CouplingGroups.Group::channels).toList());
    }

    /** A layer that does not declare its channel flow (the default). */
    static final class Identity extends Layer {
        @Override
        public String kind() {
            return "Identity";
        }

        @Override
        public int[] outputShape(List<int[]> inputShapes) {
            return inputShapes.get(0).clone();
        }

        @Override
        public Tensor forward(Tensor[] inputs, boolean training) {
            return inputs[0];
        }

        @Override
        public Tensor[] backward(
                Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
            return new Tensor[] {gradOutput};
        }
    }
}
