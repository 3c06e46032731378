package org.tinyprune.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.export.ExportOptions;
import org.tinyprune.export.OnnxExporter;
import org.tinyprune.export.OrtCheck;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.onnx.InitializerValues;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.provenance.Provenance;

/**
 * Pruning the imported fixtures (and small graphs with the layers they lack): some channels of
 * every prunable group are removed by {@link GraphSurgery#select}; the pruned network must compute
 * what the original computes with those channels zeroed wherever they appear ({@link
 * ZeroedReference}, built without GraphSurgery), run the same when exported to ONNX Runtime, and
 * have the kept widths. The gated network (masks 0 and 1) that dnp trains must compute the same,
 * and folding soft masks into the layers ({@link MaskFolding}) must not change what the gated
 * network computes.
 */
class ImportedSurgeryTest {

    static Stream<String> fixtures() {
        return Stream.of(
                "fmnist_cnn",
                "ds_cnn",
                "inverted_residual",
                "se_block",
                "shuffle_block",
                "efficientnet_block",
                "mbv3_block");
    }

    static Tensor fixtureInput(String name) throws Exception {
        Path file =
                RepositoryRoot.locate()
                        .resolve("fixtures/onnx")
                        .resolve(name)
                        .resolve("test_data_set_0/input_0.pb");
        TensorProto t = TensorProto.parseFrom(Files.readAllBytes(file));
        return new Tensor(InitializerValues.shape(t), InitializerValues.floats(t));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void prunedFixtureEqualsTheOriginalWithTheChannelsZeroed(String name) throws Exception {
        Graph g = ImportedGroupsTest.fixture(name);
        checkSurgery(g, fixtureInput(name), name.hashCode());
    }

    /** The Keras-style SE (dense gate reshaped to [C,1,1]), zero padding, clamp and HardSwish. */
    @Test
    void prunedDenseSqueezeExciteEqualsTheZeroedOriginal() throws Exception {
        Graph g = CouplingGroupsTest.denseSqueezeExcite();
        g.init(5);
        checkSurgery(g, random(9, 2, 2, 6, 6), 17);
    }

    /**
     * Dilated convolutions (standard and depthwise) keep their dilation when cut; a grouped one
     * stays whole.
     */
    @Test
    void prunedDilatedConvolutionsEqualTheZeroedOriginal() throws Exception {
        GraphBuilder b = Graph.builder("dilated").input("x", 3, 12, 12);
        b.layer("c1", new Conv2d(3, 8, 3, 3, 1, 2, 2, 2, 2, 1, true)).relu("r1");
        b.layer("dw", new Conv2d(8, 8, 3, 3, 1, 3, 3, 3, 3, 8, true)).relu("r2");
        b.layer("c2", new Conv2d(8, 6, 3, 3, 2, 2, 2, 2, 2, 1, true)).relu("r3");
        b.layer("grouped", new Conv2d(6, 6, 3, 3, 1, 1, 1, 1, 1, 2, true)).relu("r4");
        b.conv("c3", 4, 1, 1, 0).globalAvgPool("gap").flatten("f").dense("fc", 3);
        Graph g = b.build();
        g.init(3);
        CouplingGroups cg = CouplingGroups.analyse(g);
        assertEquals(
                2,
                cg.prunable().size(),
                "c1 (+dw) and c3 prune; c2 (feeds the grouped conv) and its output stay whole");
        Graph pruned = checkSurgery(g, random(4, 2, 3, 12, 12), 23);
        Conv2d dw = (Conv2d) pruned.node("dw").layer();
        assertTrue(
                dw.isDepthwise() && dw.dilationH() == 3 && dw.inChannels() < 8,
                "dw cut, still dilated");
        assertEquals(2, ((Conv2d) pruned.node("c1").layer()).dilationW());
    }

    /**
     * Prunes random channels of every prunable group of {@code g} and checks the result; returns
     * it.
     */
    static Graph checkSurgery(Graph g, Tensor x, long seed) throws Exception {
        CouplingGroups cg = CouplingGroups.analyse(g);
        assertFalse(cg.prunable().isEmpty());
        float[] before = g.forward(x).data().clone();
        Map<Integer, int[]> keep = new HashMap<>();
        Map<Integer, float[]> masks = new HashMap<>();
        Map<Integer, double[]> grads = new HashMap<>();
        SplittableRandom rng = new SplittableRandom(seed);
        for (CouplingGroups.Group grp : cg.groups()) {
            float[] m = new float[grp.channels()];
            Arrays.fill(m, 1);
            if (grp.prunable() && grp.channels() > 1) {
                int[] k =
                        rng.ints(0, grp.channels())
                                .distinct()
                                .limit(Math.max(1, grp.channels() / 2))
                                .sorted()
                                .toArray();
                keep.put(grp.id(), k);
                Arrays.fill(m, 0);
                for (int c : k) {
                    m[c] = 1;
                }
            }
            masks.put(grp.id(), m);
            grads.put(grp.id(), new double[m.length]);
        }
        Graph pruned = GraphSurgery.select(g, cg, keep);
        float[] expect = ZeroedReference.of(g, cg, keep).forward(x).data().clone();
        float[] got = pruned.forward(x).data().clone();
        assertClose(g.name() + " pruned vs zeroed original", expect, got);
        float[] gated = GraphSurgery.withGates(g, cg, masks, grads).forward(x).data().clone();
        assertClose(g.name() + " gated (0/1 masks) vs zeroed original", expect, gated);
        assertClose(
                g.name() + " pruned in ONNX Runtime",
                got,
                OrtCheck.runUnoptimised(
                        OnnxExporter.toModel(
                                pruned,
                                Provenance.builder().seed(1).build(),
                                ExportOptions.defaults()),
                        x));

        double[] counts = ChannelCounts.of(pruned);
        for (CouplingGroups.Group grp : cg.groups()) {
            int[] k = keep.get(grp.id());
            assertEquals(
                    k == null ? grp.channels() : k.length,
                    (int) counts[grp.id()],
                    "group " + grp.id());
        }
        assertTrue(pruned.paramCount() < g.paramCount());
        Set<Param> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        shared.addAll(g.params().values());
        assertTrue(
                pruned.params().values().stream().noneMatch(shared::contains),
                "the pruned graph owns its params");
        assertClose(g.name() + " original untouched", before, g.forward(x).data());

        checkFolding(g, cg, x, seed);
        for (Salience s : Salience.values()) {
            for (CouplingGroups.Group grp : cg.prunable()) {
                double[] score = s.score(g, cg, grp, new double[grp.channels()]);
                assertEquals(grp.channels(), score.length);
                assertTrue(
                        Arrays.stream(score).allMatch(v -> v >= 0 && Double.isFinite(v)),
                        s + " " + grp);
            }
        }
        return pruned;
    }

    /**
     * Soft masks folded into the layers before the gates: the gate-free network computes the same.
     */
    static void checkFolding(Graph g, CouplingGroups cg, Tensor x, long seed) {
        Map<Integer, float[]> masks = new HashMap<>();
        Map<Integer, double[]> grads = new HashMap<>();
        SplittableRandom rng = new SplittableRandom(seed + 1);
        for (CouplingGroups.Group grp : cg.groups()) {
            float[] m = new float[grp.channels()];
            for (int c = 0; c < m.length; c++) {
                m[c] = grp.prunable() ? (float) rng.nextDouble(0.2, 1) : 1;
            }
            masks.put(grp.id(), m);
            grads.put(grp.id(), new double[m.length]);
        }
        Graph copy = GraphSurgery.select(g, cg, Map.of()); // own params: folding writes into them
        Graph gated = GraphSurgery.withGates(copy, cg, masks, grads);
        float[] expect = gated.forward(x).data().clone();
        MaskFolding.fold(gated);
        assertClose(
                g.name() + " folded", expect, GraphSurgery.withoutGates(gated).forward(x).data());
    }

    static Tensor random(long seed, int... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor t = new Tensor(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) rng.nextGaussian();
        }
        return t;
    }

    /** Asserts {@code max |actual − expected| <= 1e-4 · max(1, max |expected|)} and equal sizes. */
    static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": sizes");
        double scale = 1;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(
                worst <= 1e-4 * scale,
                what + ": max difference " + worst + " (scale " + scale + ")");
    }

    /**
     * Taylor salience before any gradient was gathered ranks by the (trained) weights; afterwards
     * by the gradients.
     */
    @Test
    void taylorStartsFromTheWeights() throws Exception {
        Graph g = ImportedGroupsTest.fixture("fmnist_cnn");
        CouplingGroups cg = CouplingGroups.analyse(g);
        CouplingGroups.Group grp = cg.prunable().get(0);
        double[] none = new double[grp.channels()];
        double[] byWeights = Salience.FILTER_NORM.score(g, cg, grp, none);
        assertTrue(
                Arrays.stream(byWeights).distinct().count() > 1, "trained filters differ in norm");
        assertEquals(
                Arrays.toString(byWeights),
                Arrays.toString(Salience.TAYLOR.score(g, cg, grp, none)));
        double[] gathered = new double[grp.channels()];
        gathered[3] = 0.5;
        assertEquals(
                Arrays.toString(gathered),
                Arrays.toString(Salience.TAYLOR.score(g, cg, grp, gathered)));
    }
}
