package org.tinyprune.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Tensor;

class ZooGraphsTest {

    private static final int[][] INPUTS = {{1, 28, 28}, {3, 32, 32}};

    private static Tensor randomBatch(int batch, int[] shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = new Tensor(batch, shape[0], shape[1], shape[2]);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return t;
    }

    @Test
    void everyModelMapsBothInputShapesToLogits() {
        for (String name : Zoo.names()) {
            for (int[] shape : INPUTS) {
                Graph g = Zoo.build(name, ModelConfig.of(shape, 10).withWidth(0.5));
                assertArrayEquals(shape, g.inputShape(), name);
                assertArrayEquals(new int[] {10}, g.outputShape(), name);
                g.init(1);
                Tensor out = g.forward(randomBatch(2, shape, 2));
                assertArrayEquals(new int[] {2, 10}, out.shape(), name);
                for (float v : out.data()) {
                    assertTrue(Float.isFinite(v), name + " produced " + v);
                }
            }
        }
    }

    @Test
    void nodeNamesAreUniqueCIdentifiers() {
        for (String name : Zoo.names()) {
            Graph g = Zoo.build(name, new ModelConfig(1, 28, 28, 10, 1));
            Set<String> seen = new HashSet<>();
            for (Node n : g.nodes()) {
                assertTrue(seen.add(n.name()), name + ": duplicate node " + n.name());
                assertTrue(n.name().matches("[a-z][a-z0-9_]*"), name + ": bad name " + n.name());
            }
            assertEquals(List.of("input"), g.inputNames());
            assertEquals("fc", g.outputName());
        }
    }

    @Test
    void nodeNamesAreStable() {
        Graph res = Zoo.build("resnet8", new ModelConfig(3, 32, 32, 10, 1));
        assertEquals(
                List.of(
                        "input",
                        "stem_conv",
                        "stem_bn",
                        "stem_relu",
                        "s1_conv1",
                        "s1_bn1",
                        "s1_relu1",
                        "s1_conv2",
                        "s1_bn2",
                        "s1_add",
                        "s1_relu",
                        "s2_conv1",
                        "s2_bn1",
                        "s2_relu1",
                        "s2_conv2",
                        "s2_bn2",
                        "s2_shortcut",
                        "s2_add",
                        "s2_relu",
                        "s3_conv1",
                        "s3_bn1",
                        "s3_relu1",
                        "s3_conv2",
                        "s3_bn2",
                        "s3_shortcut",
                        "s3_add",
                        "s3_relu",
                        "gap",
                        "flatten",
                        "fc"),
                names(res));
        assertEquals(List.of("s1_bn2", "stem_relu"), res.node("s1_add").inputs());
        assertEquals(List.of("s2_bn2", "s2_shortcut"), res.node("s2_add").inputs());
        Graph mb = Zoo.build("mobilenetv2-small", new ModelConfig(1, 28, 28, 10, 1));
        assertEquals(
                List.of("b2_1_project_bn", "b2_2_expand", "b2_2_expand_bn"),
                names(mb).subList(17, 20));
        assertEquals(List.of("b2_2_project_bn", "b2_1_project_bn"), mb.node("b2_2_add").inputs());
        // Same configuration, same names: rebuilding never renames.
        for (String name : Zoo.names()) {
            ModelConfig c = new ModelConfig(1, 28, 28, 10, 0.5);
            assertEquals(names(Zoo.build(name, c)), names(Zoo.build(name, c)));
        }
    }

    @Test
    void residualAddsOnlyWhereShapesMatch() {
        Graph mb = Zoo.build("mobilenetv2-small", new ModelConfig(1, 28, 28, 10, 1));
        Set<String> adds = new HashSet<>();
        for (Node n : mb.nodes()) {
            if (n.layer().kind().equals("Add")) {
                adds.add(n.name());
            }
        }
        // b1_1 (16 -> 16), b2_2, b3_2, b3_3, b4_2 keep shape; b2_1, b3_1 (stride 2) and b4_1
        // (32 -> 64) do not.
        assertEquals(Set.of("b1_1_add", "b2_2_add", "b3_2_add", "b3_3_add", "b4_2_add"), adds);
    }

    @Test
    void widthMultiplierScalesToMultiplesOfFour() {
        ModelConfig c = new ModelConfig(1, 28, 28, 10, 0.5);
        assertEquals(8, c.scale(16));
        assertEquals(12, c.scale(24));
        assertEquals(4, new ModelConfig(1, 28, 28, 10, 0.1).scale(16));
        assertEquals(24, new ModelConfig(1, 28, 28, 10, 1.5).scale(16));
        ModelConfig exact = c.withChannelMultiple(1);
        assertEquals(12, exact.scale(24));
        assertEquals(3, exact.withWidth(0.1).scale(30));
        assertEquals(16, c.withChannelMultiple(8).scale(24));
        assertEquals(8, c.withChannelMultiple(8).scale(8));
    }

    @Test
    void dsCnnFirstKernelFollowsTheInput() {
        assertArrayEquals(new int[] {10, 4}, DsCnn.firstKernel(49, 10));
        assertArrayEquals(new int[] {5, 5}, DsCnn.firstKernel(28, 28));
        Graph kws = Zoo.build("ds-cnn", new ModelConfig(1, 49, 10, 12, 1));
        assertArrayEquals(new int[] {64, 25, 5}, kws.shape("conv1"));
        Graph img = Zoo.build("ds-cnn", new ModelConfig(1, 28, 28, 10, 1));
        assertArrayEquals(new int[] {64, 14, 14}, img.shape("conv1"));
    }

    @Test
    void badRequestsAreExplained() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Zoo.build("resnet50", new ModelConfig(1, 28, 28, 10, 1)));
        assertEquals(
                "unknown model 'resnet50'; known models: vgg-small, mobilenetv2-small,"
                        + " ds-cnn, resnet8",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ModelConfig(1, 28, 28, 10, 0));
        assertEquals(
                "width multiplier 0.0 must be a positive number, e.g. 0.5 or 1.0", e.getMessage());
    }

    private static List<String> names(Graph g) {
        return g.nodes().stream().map(Node::name).toList();
    }
}
