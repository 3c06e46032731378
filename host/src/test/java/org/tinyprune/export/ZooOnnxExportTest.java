package org.tinyprune.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Tensor;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * Every zoo model, built for Fashion-MNIST, exported with BatchNorm kept and folded, runs in ONNX
 * Runtime and matches the Java eval-mode forward pass on a batch of real test images within 1e-4
 * (max abs). The errors are printed for BENCHMARKS.md.
 */
class ZooOnnxExportTest {
    static final float TOLERANCE = 1e-4f;
    static Tensor images;

    @BeforeAll
    static void loadImages() throws Exception {
        images = OrtCheck.fashionMnist(16);
    }

    static Stream<String> models() {
        return Zoo.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void matchesOnnxRuntime(String name) throws Exception {
        Graph g = Zoo.build(name, ModelConfig.of(new int[] {1, 28, 28}, 10));
        OrtCheck.randomize(g, 1234);
        float[] expected = g.forward(images).data();
        Provenance p =
                Provenance.builder()
                        .seed(1234)
                        .dataset("fashion-mnist t10k[0:16]")
                        .config("model", name)
                        .build();
        for (boolean fold : new boolean[] {false, true}) {
            ExportOptions o = ExportOptions.defaults().withFoldBatchNorm(fold);
            ModelProto model = OnnxExporter.toModel(g, p, o);
            float err = OrtCheck.maxAbsDiff(expected, OrtCheck.run(model, images));
            System.out.printf("ORT check %-18s fold_bn=%-5s max_abs_error=%.3g%n", name, fold, err);
            assertTrue(err <= TOLERANCE, name + " fold=" + fold + ": max abs error " + err);
        }
    }
}
