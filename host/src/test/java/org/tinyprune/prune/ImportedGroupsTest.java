package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.onnx.OnnxImporter;

/**
 * Coupling groups of the imported PyTorch fixtures ({@code fixtures/onnx}), against groups worked
 * out by hand from each model's PyTorch definition ({@code scripts/make-onnx-fixtures.py}). Node
 * names are the exporter's ({@code /se/expand/Conv_output_0}); the tests name them by the module
 * path in the middle ({@code se/expand/Conv}).
 */
class ImportedGroupsTest {

    static Graph fixture(String name) throws Exception {
        Path file =
                RepositoryRoot.locate()
                        .resolve("fixtures/onnx")
                        .resolve(name)
                        .resolve("model.onnx");
        return OnnxImporter.importModel(file, null).graph();
    }

    /** The node named {@code part}, else the one node whose name contains it. */
    static String node(Graph g, String part) {
        if (g.nodes().stream().anyMatch(n -> n.name().equals(part))) {
            return part;
        }
        List<String> hits =
                g.nodes().stream().map(n -> n.name()).filter(n -> n.contains(part)).toList();
        assertEquals(1, hits.size(), "nodes matching " + part + ": " + hits);
        return hits.get(0);
    }

    static CouplingGroups.Group group(CouplingGroups cg, Graph g, String part) {
        int id = cg.map(node(g, part)).singleGroup();
        assertTrue(id >= 0, part + " holds one group");
        return cg.groups().get(id);
    }

    /**
     * se_block: conv(16→32) → ReLU → SE [GAP → reduce conv(32→8) → ReLU → expand conv(8→32) →
     * Sigmoid] → Mul(relu, sigmoid) → GAP → Flatten → Gemm(32→10).
     *
     * <ul>
     *   <li>g0 input (16): kept whole, network input.
     *   <li>g1 conv (32) with the SE expand conv tied to it by the Mul (the gate scales channel c
     *       of the tensor by sigmoid channel c); ReLU, both GAPs, the Sigmoid, the Mul and the
     *       Flatten of [32,1,1] pass it through: prunable.
     *   <li>g2 SE reduce conv (8) + ReLU: prunable.
     *   <li>g3 Gemm (10): kept whole, network output.
     * </ul>
     */
    @Test
    void seBlockTiesTheExpandConvToTheGatedTensor() throws Exception {
        Graph g = fixture("se_block");
        CouplingGroups cg = CouplingGroups.analyse(g);
        assertEquals(4, cg.groups().size());
        CouplingGroups.Group main = group(cg, g, "/conv/conv.0/Conv");
        assertEquals(32, main.channels());
        assertEquals(
                List.of(node(g, "/conv/conv.0/Conv"), node(g, "se/expand/Conv")), main.producers());
        for (String member :
                List.of(
                        "conv.2/Relu",
                        "se/pool/",
                        "se/gate/Sigmoid",
                        "se/Mul",
                        "/GlobalAveragePool_output_0",
                        "/Flatten_output_0")) {
            assertEquals(main.id(), cg.map(node(g, member)).singleGroup(), member);
        }
        assertTrue(main.prunable());
        CouplingGroups.Group reduce = group(cg, g, "se/reduce/Conv");
        assertEquals(8, reduce.channels());
        assertEquals(reduce.id(), cg.map(node(g, "se/act/Relu")).singleGroup());
        assertTrue(reduce.prunable());
        assertEquals(2, cg.prunable().size());
        assertEquals("it is the network input (input)", group(cg, g, "input").reason());
        assertEquals("it is the network output (output)", group(cg, g, "output").reason());
    }

    /**
     * inverted_residual: expand conv(16→64) → BN → ReLU6 (Clip) → depthwise(64) → BN → ReLU6 →
     * project conv(64→16) → BN → Add(input, ·).
     *
     * <ul>
     *   <li>g0 input (16) tied to the project conv by the residual add: kept whole, it is the
     *       network input and (through the add) its output.
     *   <li>g1 expand conv (64) with everything up to the project conv, the depthwise conv included
     *       (its input and output channels are the same channels): prunable.
     * </ul>
     */
    @Test
    void invertedResidualTiesTheProjectionToTheInput() throws Exception {
        Graph g = fixture("inverted_residual");
        CouplingGroups cg = CouplingGroups.analyse(g);
        assertEquals(2, cg.groups().size());
        CouplingGroups.Group residual = group(cg, g, "input");
        assertEquals(List.of("input", node(g, "body.6/Conv")), residual.producers());
        assertEquals(residual.id(), cg.map("output").singleGroup());
        assertFalse(residual.prunable());
        assertEquals(
                "it is the network input (input); it is the network output (output)",
                residual.reason());
        CouplingGroups.Group expand = group(cg, g, "body.0/Conv");
        assertEquals(64, expand.channels());
        assertEquals(6, expand.members().size(), expand.members().toString());
        assertEquals(
                expand.id(),
                cg.map(node(g, "body.3/Conv")).singleGroup(),
                "depthwise passes the group");
        assertTrue(expand.prunable());
        assertEquals(List.of(expand), cg.prunable());
    }

    /**
     * shuffle_block (ShuffleNetV2 stride-2 unit): branch1 = depthwise(16, s2) → conv(16→16) → ReLU;
     * branch2 = conv(16→16) → ReLU → depthwise(s2) → conv(16→16) → ReLU; Concat(branch1, branch2)
     * (32) → channel shuffle of 2 groups (output).
     *
     * <ul>
     *   <li>g0 input (16) + branch1's depthwise: kept whole, network input.
     *   <li>g1 branch1 conv (16): kept whole, it feeds the shuffle through the concat (removing one
     *       of its channels would move every later channel of the permutation).
     *   <li>g2 branch2's first conv (16) + ReLU + depthwise: prunable, it stays inside the branch.
     *   <li>g3 branch2's last conv (16): kept whole, it feeds the shuffle.
     *   <li>g4 the shuffle's output (32): a group of its own, kept whole (made by the shuffle, and
     *       the network output).
     * </ul>
     */
    @Test
    void shuffleBlockKeepsTheShuffledGroupsWholeAndSaysWhy() throws Exception {
        Graph g = fixture("shuffle_block");
        CouplingGroups cg = CouplingGroups.analyse(g);
        assertEquals(5, cg.groups().size());
        String feeds =
                "it feeds ChannelShuffle 'output' (a fixed permutation of 32 channels in 2 groups";
        CouplingGroups.Group b1 = group(cg, g, "branch1.2/Conv");
        CouplingGroups.Group b2last = group(cg, g, "branch2.5/Conv");
        for (CouplingGroups.Group grp : List.of(b1, b2last)) {
            assertFalse(grp.prunable());
            assertTrue(grp.reason().startsWith(feeds), grp.reason());
        }
        CouplingGroups.Group b2first = group(cg, g, "branch2.0/Conv");
        assertEquals(b2first.id(), cg.map(node(g, "branch2.3/Conv")).singleGroup());
        assertTrue(b2first.prunable());
        assertEquals(List.of(b2first), cg.prunable());
        CouplingGroups.Group shuffled = group(cg, g, "output");
        assertEquals(32, shuffled.channels());
        assertEquals(List.of("output"), shuffled.producers());
        assertTrue(
                shuffled.reason().startsWith("it comes out of ChannelShuffle 'output'"),
                shuffled.reason());
        assertTrue(
                shuffled.reason().endsWith("it is the network output (output)"), shuffled.reason());
        assertEquals(group(cg, g, "input").id(), cg.map(node(g, "branch1.0/Conv")).singleGroup());
    }

    /**
     * efficientnet_block (MBConv): expand conv(16→64) → SiLU (Sigmoid + Mul(x, σx)) → depthwise(64)
     * → SiLU → SE [ReduceMean → reduce conv(64→4) → SiLU → expand conv(4→64) → Sigmoid] → Mul →
     * project conv(64→16) → Add(input, ·).
     *
     * <ul>
     *   <li>g0 input (16) + project conv, tied by the residual add: kept whole (network input and
     *       output).
     *   <li>g1 expand conv (64): the SiLU Muls tie a group with itself; the depthwise passes it;
     *       the SE Mul ties the SE expand conv to it: prunable, 10 member nodes.
     *   <li>g2 SE reduce conv (4) with its SiLU: prunable.
     * </ul>
     */
    @Test
    void efficientNetBlockTiesSiluAndSqueezeExcite() throws Exception {
        Graph g = fixture("efficientnet_block");
        CouplingGroups cg = CouplingGroups.analyse(g);
        assertEquals(3, cg.groups().size());
        CouplingGroups.Group main = group(cg, g, "expand/expand.0/Conv");
        assertEquals(64, main.channels());
        assertEquals(
                List.of(node(g, "expand/expand.0/Conv"), node(g, "se/expand/Conv")),
                main.producers());
        assertEquals(10, main.members().size(), main.members().toString());
        for (String member :
                List.of(
                        "expand.2/Mul",
                        "dw/dw.0/Conv",
                        "dw.2/Mul",
                        "se/ReduceMean",
                        "se/gate/Sigmoid",
                        "se/Mul")) {
            assertEquals(main.id(), cg.map(node(g, member)).singleGroup(), member);
        }
        CouplingGroups.Group reduce = group(cg, g, "se/reduce/Conv");
        assertEquals(4, reduce.channels());
        assertEquals(reduce.id(), cg.map(node(g, "se/act/Mul")).singleGroup());
        assertEquals(List.of(main, reduce), cg.prunable());
        CouplingGroups.Group residual = group(cg, g, "project.0/Conv");
        assertEquals(residual.id(), cg.map("input").singleGroup());
        assertFalse(residual.prunable());
    }

    /**
     * mbv3_block: like efficientnet_block with HardSwish and a HardSigmoid gate: same three groups.
     */
    @Test
    void mobileNetV3BlockTiesTheHardSigmoidGate() throws Exception {
        Graph g = fixture("mbv3_block");
        CouplingGroups cg = CouplingGroups.analyse(g);
        assertEquals(3, cg.groups().size());
        CouplingGroups.Group main = group(cg, g, "expand/expand.0/Conv");
        assertEquals(48, main.channels());
        assertEquals(main.id(), cg.map(node(g, "se/expand/Conv")).singleGroup());
        assertEquals(main.id(), cg.map(node(g, "se/gate/HardSigmoid")).singleGroup());
        assertEquals(List.of(main, group(cg, g, "se/reduce/Conv")), cg.prunable());
    }

    /** The plain CNNs: every conv and hidden dense layer is its own prunable group. */
    @Test
    void plainCnnsPruneEveryHiddenLayer() throws Exception {
        Graph fmnist = fixture("fmnist_cnn");
        CouplingGroups f = CouplingGroups.analyse(fmnist);
        assertEquals(
                List.of(32, 64, 64, 64),
                f.prunable().stream().map(CouplingGroups.Group::channels).toList());
        Graph ds = fixture("ds_cnn");
        CouplingGroups d = CouplingGroups.analyse(ds);
        assertEquals(5, d.prunable().size());
        assertEquals(
                d.map(node(ds, "blocks.0/Conv")).singleGroup(),
                d.map(node(ds, "stem.0/Conv")).singleGroup(),
                "the depthwise conv shares the stem's group");
        for (CouplingGroups cg : List.of(f, d)) {
            for (CouplingGroups.Group grp : cg.groups()) {
                if (grp.prunable()) {
                    assertNull(grp.reason());
                } else {
                    assertTrue(grp.reason().startsWith("it is the network"), grp.reason());
                }
            }
        }
    }
}
