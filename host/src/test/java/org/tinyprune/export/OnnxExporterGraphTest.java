package org.tinyprune.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.onnx.OnnxFiles;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.provenance.Provenance;

/**
 * Whole graphs covering every exportable layer, on real Fashion-MNIST inputs: ONNX Runtime's output
 * must match the Java eval-mode forward pass within 1e-4, with BatchNorm kept and folded, with a
 * symbolic and a fixed batch.
 */
class OnnxExporterGraphTest {
    static final float TOLERANCE = 1e-4f;
    static Tensor images;

    @TempDir Path dir;

    @BeforeAll
    static void loadImages() throws Exception {
        images = OrtCheck.fashionMnist(16);
    }

    static Provenance provenance() {
        return Provenance.builder()
                .seed(3)
                .dataset("fashion-mnist t10k[0:16]")
                .config("test", "OnnxExporterGraphTest")
                .build();
    }

    /** Every layer kind: groups, depthwise, rectangular padding, stride, residual add, concat. */
    static Graph everyLayer() {
        GraphBuilder b = Graph.builder("every-layer").input("image", 1, 28, 28);
        b.conv("stem", 8, 3, 1, 1, 1, true).batchNorm("stem_bn").relu("stem_relu");
        b.maxPool("pool1", 3, 2, 1); // 8x14x14
        b.layer("rect", new Conv2d(8, 8, 3, 5, 1, 0, 2, 2, false)); // 8x12x14, groups 2
        b.batchNorm("rect_bn").relu6("rect_relu6");
        String skip = b.current();
        b.depthwise("dw", 3, 1, 1).batchNorm("dw_bn").relu("dw_relu");
        b.pointwise("pw", 8).batchNorm("pw_bn");
        b.add("res", skip, b.current());
        String left = b.current();
        b.from(skip).conv("branch", 4, 1, 1, 0, 1, true);
        b.concat("cat", left, b.current()); // 12x12x14
        b.avgPool("pool2", 3, 2, 1); // 12x6x7, pad excluded
        b.conv("s2", 16, 3, 2, 1).batchNorm("s2_bn").relu6("s2_relu6"); // 16x3x4
        b.globalAvgPool("gap").flatten("flat").dropout("drop", 0.3f).dense("fc", 10);
        return b.build();
    }

    /** A VGG-like stack ending in Flatten of a C×H×W map, two dense layers and dropout. */
    static Graph vggLike() {
        GraphBuilder b = Graph.builder("vgg-like").input("image", 1, 28, 28);
        b.conv("c1", 8, 3, 1, 1).batchNorm("b1").relu("r1").maxPool("p1", 2, 2, 0);
        b.conv("c2", 16, 3, 1, 1).batchNorm("b2").relu("r2").maxPool("p2", 2, 2, 0);
        b.flatten("flat").dense("fc1", 32).relu("r3").dropout("drop", 0.5f).dense("fc2", 10);
        return b.build();
    }

    static float exportAndCompare(Graph g, ExportOptions options, Tensor input) throws Exception {
        ModelProto model = OnnxExporter.toModel(g, provenance(), options);
        float[] expected = g.forward(input).data();
        return OrtCheck.maxAbsDiff(expected, OrtCheck.run(model, input));
    }

    @Test
    void everyLayerMatchesOnnxRuntime() throws Exception {
        checkAllVariants(everyLayer(), 11);
    }

    @Test
    void vggLikeMatchesOnnxRuntime() throws Exception {
        checkAllVariants(vggLike(), 12);
    }

    private void checkAllVariants(Graph g, long seed) throws Exception {
        OrtCheck.randomize(g, seed);
        for (boolean fold : new boolean[] {false, true}) {
            for (int batch : new int[] {0, images.dim(0)}) {
                for (boolean gemm : new boolean[] {true, false}) {
                    ExportOptions o =
                            ExportOptions.defaults()
                                    .withFoldBatchNorm(fold)
                                    .withBatchSize(batch)
                                    .withDenseAsGemm(gemm);
                    float err = exportAndCompare(g, o, images);
                    assertTrue(err <= TOLERANCE, g.name() + " " + o + ": max abs error " + err);
                }
            }
        }
    }

    @Test
    void foldingRemovesBatchNormsAfterConvsAndKeepsNamesTraceable() {
        Graph g = everyLayer();
        OrtCheck.randomize(g, 5);
        ModelProto kept = OnnxExporter.toModel(g, provenance(), ExportOptions.defaults());
        ModelProto folded =
                OnnxExporter.toModel(
                        g, provenance(), ExportOptions.defaults().withFoldBatchNorm(true));
        Set<String> keptNames = names(kept);
        assertTrue(keptNames.containsAll(List.of("stem", "stem_bn", "dw", "res", "cat", "fc")));
        assertTrue(keptNames.contains("rect_bn"));
        Set<String> foldedNames = names(folded);
        assertFalse(foldedNames.contains("stem_bn") || foldedNames.contains("dw_bn"));
        assertTrue(
                folded.getGraph().getNodeList().stream()
                        .noneMatch(n -> n.getOpType().equals("BatchNormalization")));
        assertFalse(foldedNames.contains("drop"), "dropout is omitted at inference");
        assertEquals("fc", folded.getGraph().getOutput(0).getName());
    }

    @Test
    void writtenFileCarriesProvenance() throws Exception {
        Graph g = vggLike();
        OrtCheck.randomize(g, 8);
        Path file = dir.resolve("run/model.onnx");
        OnnxExporter.exportFloat(g, file, provenance(), ExportOptions.defaults());
        ModelProto back = OnnxFiles.read(file);
        assertEquals(provenance(), Provenance.fromMetadataProps(back.getMetadataPropsList()));
        assertEquals(13, back.getOpsetImport(0).getVersion());
        float err = OrtCheck.maxAbsDiff(g.forward(images).data(), OrtCheck.run(back, images));
        assertTrue(err <= TOLERANCE, "max abs error " + err);
    }

    @Test
    void outputThatEmitsNoNodeBecomesIdentity() throws Exception {
        GraphBuilder b = Graph.builder("bn-out").input("x", 3, 6, 6);
        b.conv("c", 4, 3, 1, 1).batchNorm("bn").flatten("f").dense("d", 5).dropout("out", 0.5f);
        Graph g = b.build();
        OrtCheck.randomize(g, 9);
        Tensor x = OrtCheck.random(1, 2f, 2, 3, 6, 6);
        float err = exportAndCompare(g, ExportOptions.defaults().withFoldBatchNorm(true), x);
        assertTrue(err <= TOLERANCE, "max abs error " + err);
    }

    @Test
    void unsupportedLayerIsNamed() {
        Layer odd =
                new Layer() {
                    @Override
                    public String kind() {
                        return "Oddity";
                    }

                    @Override
                    public int[] outputShape(List<int[]> in) {
                        return in.get(0).clone();
                    }

                    @Override
                    public Tensor forward(Tensor[] in, boolean training) {
                        return in[0];
                    }

                    @Override
                    public Tensor[] backward(Tensor[] in, Tensor out, Tensor g, boolean[] need) {
                        return new Tensor[] {g};
                    }
                };
        Graph g = Graph.builder("odd").input("x", 1, 4, 4).layer("strange", odd).build();
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OnnxExporter.toModel(g, provenance(), ExportOptions.defaults()));
        assertTrue(
                e.getMessage().contains("'strange'") && e.getMessage().contains("Oddity"),
                e.getMessage());
    }

    private static Set<String> names(ModelProto m) {
        return m.getGraph().getNodeList().stream()
                .map(NodeProto::getName)
                .collect(Collectors.toSet());
    }
}
