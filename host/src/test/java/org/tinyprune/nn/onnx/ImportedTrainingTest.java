package org.tinyprune.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
import org.tinyprune.onnx.InitializerValues;
import org.tinyprune.onnx.proto.Onnx.GraphProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.run.Json;

/**
 * Imported models train: reverse-mode gradients through every imported layer (training-mode
 * BatchNorm, SiLU, squeeze-and-excite, channel shuffle, HardSwish) match PyTorch's (every element,
 * committed reference) and finite differences taken away from ReLU/MaxPool kinks, and the input
 * spec survives report.json and the exported model's metadata.
 */
class ImportedTrainingTest {

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

    private static double loss(GraphRunner runner, Tensor x, Tensor r) {
        Tensor y = runner.forward(new Tensor[] {x}, true);
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            s += (double) y.data()[i] * r.data()[i];
        }
        return s;
    }

    private static Tensor tensor(TensorProto t) {
        return new Tensor(InitializerValues.shape(t), InitializerValues.floats(t));
    }

    /**
     * The engine against PyTorch, every element: {@code scripts/make-grad-fixtures.py} ran each
     * fixture's ONNX graph in PyTorch in float64 with BatchNorm in training mode (batch statistics)
     * on a stored batch of 2 inputs x and took dL/dw, L = Σ output·r, with autograd for every
     * trainable initializer ({@code grad_check/} next to the model). The Java training-mode output
     * and the analytic gradient of every trainable param must match them to 1e-4 of the param's
     * largest gradient plus 1e-3 relative (float32 against float64; a wrong backward is off by far
     * more). The script drew x so that no ReLU/Clip/HardSwish/HardSigmoid input and no MaxPool
     * runner-up is within 1e-5 of its kink, so float32 rounding cannot flip a ReLU or a max and
     * both sides differentiate the same smooth piece. The reference also records model.onnx's
     * SHA-256: a regenerated fixture needs the script run again.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void gradientsMatchPyTorch(String name) throws Exception {
        Path d = FixtureImportTest.dir(name);
        GraphProto ref = GraphProto.parseFrom(Files.readAllBytes(d.resolve("grad_check/grads.pb")));
        String sha =
                HexFormat.of()
                        .formatHex(
                                MessageDigest.getInstance("SHA-256")
                                        .digest(Files.readAllBytes(d.resolve("model.onnx"))));
        assertEquals(
                "model.onnx sha256 " + sha,
                ref.getDocString(),
                name
                        + ": model.onnx changed since its reference gradients; run scripts/make-grad-fixtures.py");
        ImportedModel m = OnnxImporter.importModel(d.resolve("model.onnx"), null);
        Tensor x = FixtureImportTest.tensor(d.resolve("grad_check/x.pb"));
        Tensor r = FixtureImportTest.tensor(d.resolve("grad_check/r.pb"));
        Tensor yRef = FixtureImportTest.tensor(d.resolve("grad_check/y.pb"));
        GraphRunner runner = new GraphRunner(m.graph());
        Tensor y = runner.forward(new Tensor[] {x}, true);
        assertArrayEquals(yRef.shape(), y.shape(), name + " output shape");
        assertClose(name + " training-mode output", yRef.data(), y.data(), yRef.size());
        runner.zeroGrads();
        runner.backward(r);
        Map<String, Tensor> grads = new LinkedHashMap<>();
        for (TensorProto t : ref.getInitializerList()) {
            grads.put(t.getName(), tensor(t));
        }
        for (Map.Entry<String, Param> e : m.graph().params().entrySet()) {
            Param p = e.getValue();
            if (!p.trainable()) {
                continue;
            }
            Tensor g = grads.remove(e.getKey());
            assertNotNull(g, name + ": no reference gradient for " + e.getKey());
            assertArrayEquals(p.shape(), g.shape(), name + " " + e.getKey() + " shape");
            assertClose(name + " dL/d " + e.getKey(), g.data(), p.grads(), p.size());
        }
        assertTrue(
                grads.isEmpty(),
                name
                        + ": reference gradients for params the import does not have: "
                        + grads.keySet());
    }

    private static void assertClose(String what, float[] expected, float[] actual, int n) {
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        for (int i = 0; i < n; i++) {
            double tol = 1e-4 * scale + 1e-3 * Math.abs(expected[i]);
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                fail(
                        what
                                + "["
                                + i
                                + "]: Java "
                                + actual[i]
                                + " vs PyTorch (float64) "
                                + expected[i]
                                + " (largest |value| "
                                + scale
                                + ")");
            }
        }
    }

    /** Finite-difference steps, largest first. */
    private static final float[] STEPS = {1e-3f, 3e-4f, 1e-4f};

    /** Sampled weights per trainable param that must get a conclusive finite-difference check. */
    private static final int CHECKS_PER_PARAM = 3;

    /** Weights drawn per param at most, conclusive or not. */
    private static final int DRAWS_PER_PARAM = 12;

    private static double tolerance(double numeric) {
        return 5e-3 + 2e-2 * Math.abs(numeric);
    }

    /**
     * The engine against itself, without PyTorch: dL/dw, L = Σ output·r, for a few random weights
     * of every trainable param (the first layers' need the gradient through the whole network),
     * against finite differences of the float32 training-mode forward pass.
     *
     * <p>These losses are only piecewise smooth: one weight moves thousands of activations (with
     * batch-2 BatchNorm in training mode, every activation of its channel), and a step that makes
     * one ReLU/Clip input or MaxPool runner-up change side adds a jump in slope. A central
     * difference across such a kink is the mean of two different one-sided derivatives, not the
     * derivative (fmnist_cnn's first conv weight[8]: −0.478 one side, −0.430 the other at h = 1e-3,
     * central −0.454, analytic −0.478, and PyTorch's float64 central difference gives the same
     * numbers, so it is the function, not float32). So each step h evaluates L at w−h, w and w+h;
     * the step is conclusive only when both one-sided quotients are within the tolerance of their
     * mean, the central quotient, which must then match the analytic gradient. Otherwise (a kink,
     * or float32 rounding of the loss swamping a tiny gradient at a small step) the next smaller
     * step is tried, and a weight where no step is conclusive is replaced by another random one: at
     * most {@value #DRAWS_PER_PARAM} draws for {@value #CHECKS_PER_PARAM} conclusive checks per
     * param. A wrong backward pass cannot hide behind this: where the loss is smooth both quotients
     * agree with each other and disagree with the wrong gradient. Steps below 1e-4 drown in float32
     * rounding. {@link #gradientsMatchPyTorch} checks every element against an independent
     * reference.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void gradientsThroughTheImportedGraph(String name) throws Exception {
        ImportedModel m =
                OnnxImporter.importModel(FixtureImportTest.dir(name).resolve("model.onnx"), null);
        SplittableRandom rng = new SplittableRandom(name.hashCode());
        int[] in = m.graph().inputShape();
        Tensor x = GradCheck.random(rng, 2, in[0], in[1], in[2]);
        GraphRunner runner = new GraphRunner(m.graph());
        Tensor y = runner.forward(new Tensor[] {x}, true);
        Tensor r = GradCheck.random(rng, y.shape());
        runner.zeroGrads();
        runner.backward(r);
        double base = loss(runner, x, r);
        int checked = 0;
        for (Map.Entry<String, Param> e : m.graph().params().entrySet()) {
            Param p = e.getValue();
            if (!p.trainable()) {
                continue;
            }
            float[] analytic = p.grads().clone();
            int conclusive = 0;
            StringBuilder skipped = new StringBuilder();
            for (int draw = 0; draw < DRAWS_PER_PARAM && conclusive < CHECKS_PER_PARAM; draw++) {
                int i = rng.nextInt(p.size());
                StringBuilder seen = new StringBuilder();
                for (float h : STEPS) {
                    float old = p.values()[i];
                    p.values()[i] = old + h;
                    double plus = loss(runner, x, r);
                    p.values()[i] = old - h;
                    double minus = loss(runner, x, r);
                    p.values()[i] = old;
                    double forward = (plus - base) / h;
                    double backward = (base - minus) / h;
                    double central = (forward + backward) / 2;
                    if (Math.abs(forward - backward) / 2 > tolerance(central)) {
                        seen.append(String.format(" h=%g: %.5f|%.5f;", h, backward, forward));
                        continue;
                    }
                    assertTrue(
                            Math.abs(central - analytic[i]) <= tolerance(central),
                            name
                                    + " "
                                    + e.getKey()
                                    + "["
                                    + i
                                    + "]: analytic "
                                    + analytic[i]
                                    + " vs numeric "
                                    + central
                                    + " at step "
                                    + h
                                    + " (one-sided "
                                    + backward
                                    + ", "
                                    + forward
                                    + ")");
                    conclusive++;
                    seen.setLength(0);
                    break;
                }
                if (seen.length() > 0) {
                    skipped.append(" [").append(i).append("]").append(seen);
                }
            }
            assertTrue(
                    conclusive >= Math.min(CHECKS_PER_PARAM, p.size()),
                    name
                            + " "
                            + e.getKey()
                            + ": only "
                            + conclusive
                            + " weights away from kinks in "
                            + DRAWS_PER_PARAM
                            + " draws; one-sided"
                            + " quotients (below|above) of the others:"
                            + skipped);
            checked += conclusive;
        }
        assertTrue(checked >= 6, name + ": only " + checked + " weights checked");
    }

    @Test
    void inputSpecRoundTripsThroughReportAndMetadata() throws Exception {
        InputSpec spec = new InputSpec(1, 28, 28, new float[] {0.286f}, new float[] {0.353f});
        JsonElement report = Json.tree(Map.of("normalization", spec.toReport()));
        assertEquals(spec, InputSpec.fromReport(report.getAsJsonObject().get("normalization")));
        ImportedModel m =
                OnnxImporter.importModel(
                        FixtureImportTest.dir("fmnist_cnn").resolve("model.onnx"), spec);
        assertEquals(spec, m.input());
        ModelProto exported =
                OnnxExporter.toModel(
                        m.graph(),
                        Provenance.builder().seed(1).config(spec.toConfig()).build(),
                        m.exportOptions());
        assertEquals(spec, InputSpec.fromMetadata(exported.getMetadataPropsList()));
        InputSpec rgb =
                new InputSpec(3, 32, 32, new float[] {0.49f, 0.48f, 0.45f}, new float[] {0.25f});
        assertEquals(0.25f, rgb.std()[2]);
        assertEquals(rgb, InputSpec.fromReport(Json.tree(rgb.toReport())));
    }
}
