package org.tinyprune.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinyprune.export.OnnxExporter;
import org.tinyprune.nn.GradCheck;
import org.tinyprune.nn.GraphRunner;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.Tensor;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.run.Json;

/**
 * Imported models train: reverse-mode gradients through every imported layer (training-mode
 * BatchNorm, SiLU, squeeze-and-excite, channel shuffle, HardSwish) match finite differences, and
 * the input spec survives report.json and the exported model's metadata.
 */
class ImportedTrainingTest {

    static Stream<String> fixtures() {
        return Stream.of("fmnist_cnn", "ds_cnn", "inverted_residual", "se_block", "shuffle_block",
                "efficientnet_block", "mbv3_block");
    }

    private static double loss(GraphRunner runner, Tensor x, Tensor r) {
        Tensor y = runner.forward(new Tensor[] {x}, true);
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            s += (double) y.data()[i] * r.data()[i];
        }
        return s;
    }

    /**
     * Finite-difference steps, tried in order until one agrees: a step moves thousands of
     * activations, and when one crosses a ReLU/ReLU6 kink the difference quotient is off by a few
     * percent at that step only (seen with 1e-3 on the inverted-residual and shuffle blocks).
     */
    private static final float[] STEPS = {1e-3f, 3e-4f, 1e-4f};

    /**
     * dL/dw for L = Σ output·r, for a few weights of every trainable param (the first layers' need
     * the gradient through the whole network), against central differences.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void gradientsThroughTheImportedGraph(String name) throws Exception {
        ImportedModel m = OnnxImporter.importModel(FixtureImportTest.dir(name).resolve("model.onnx"), null);
        SplittableRandom rng = new SplittableRandom(name.hashCode());
        int[] in = m.graph().inputShape();
        Tensor x = GradCheck.random(rng, 2, in[0], in[1], in[2]);
        GraphRunner runner = new GraphRunner(m.graph());
        Tensor y = runner.forward(new Tensor[] {x}, true);
        Tensor r = GradCheck.random(rng, y.shape());
        runner.zeroGrads();
        runner.backward(r);
        int checked = 0;
        for (Map.Entry<String, Param> e : m.graph().params().entrySet()) {
            Param p = e.getValue();
            if (!p.trainable()) {
                continue;
            }
            float[] analytic = p.grads().clone();
            for (int k = 0; k < 3; k++) {
                int i = rng.nextInt(p.size());
                double[] numeric = new double[STEPS.length];
                boolean ok = false;
                for (int q = 0; q < STEPS.length && !ok; q++) {
                    float old = p.values()[i];
                    p.values()[i] = old + STEPS[q];
                    double plus = loss(runner, x, r);
                    p.values()[i] = old - STEPS[q];
                    double minus = loss(runner, x, r);
                    p.values()[i] = old;
                    numeric[q] = (plus - minus) / (2 * STEPS[q]);
                    ok = Math.abs(numeric[q] - analytic[i]) <= 5e-3 + 2e-2 * Math.abs(numeric[q]);
                }
                assertTrue(ok, name + " " + e.getKey() + "[" + i + "]: analytic " + analytic[i] + " vs numeric "
                        + java.util.Arrays.toString(numeric) + " at steps " + java.util.Arrays.toString(STEPS));
                checked++;
            }
        }
        assertTrue(checked >= 6, name + ": only " + checked + " weights checked");
    }

    @Test
    void inputSpecRoundTripsThroughReportAndMetadata() throws Exception {
        InputSpec spec = new InputSpec(1, 28, 28, new float[] {0.286f}, new float[] {0.353f});
        JsonElement report = Json.tree(Map.of("normalization", spec.toReport()));
        assertEquals(spec, InputSpec.fromReport(report.getAsJsonObject().get("normalization")));
        ImportedModel m = OnnxImporter.importModel(FixtureImportTest.dir("fmnist_cnn").resolve("model.onnx"), spec);
        assertEquals(spec, m.input());
        ModelProto exported = OnnxExporter.toModel(m.graph(),
                Provenance.builder().seed(1).config(spec.toConfig()).build(), m.exportOptions());
        assertEquals(spec, InputSpec.fromMetadata(exported.getMetadataPropsList()));
        InputSpec rgb = new InputSpec(3, 32, 32, new float[] {0.49f, 0.48f, 0.45f}, new float[] {0.25f});
        assertEquals(0.25f, rgb.std()[2]);
        assertEquals(rgb, InputSpec.fromReport(Json.tree(rgb.toReport())));
    }
}
