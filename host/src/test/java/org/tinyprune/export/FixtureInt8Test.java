package org.tinyprune.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.emit.HostBuild;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.onnx.OnnxImporter;
import org.tinyprune.onnx.InitializerValues;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.QuantizedModel;
import org.tinyprune.quant.Quantizer;

/**
 * Every committed PyTorch fixture ({@code fixtures/onnx}) imported, quantised on seeded random
 * calibration batches (scaled as the model's input) and exported as QDQ {@code model_int8.onnx},
 * then (through {@link Int8RoundTrip}):
 *
 * <ol>
 *   <li>read back as {@code build} reads it ({@link DeviceModel#fromOnnx}): the same IR node for
 *       node, and its int8 interpreter equals the quantised model's bit for bit;
 *   <li>in ONNX Runtime: each node, fed the interpreter's int8 inputs, and the whole file end to
 *       end within one output step of the interpreter (differing elements counted and printed);
 *   <li>the generated C built for the host equals the interpreter bit for bit;
 *   <li>the dequantised int8 output stays close to the float output on inputs like the calibration
 *       ones (a loose sanity bound; the fixture's stored input is only reported: random calibration
 *       need not cover a real image's range, e.g. fmnist_cnn's logits saturate).
 * </ol>
 */
class FixtureInt8Test {
    private static final int CALIBRATION_BATCHES = 4;
    private static final int BATCH = 16;
    private static final int SAMPLES = 6;

    /** Loose bound on ||int8 − float|| / ||float|| over the compared samples. */
    private static final double RELATIVE_ERROR = 0.05;

    private static HostBuild build;

    @TempDir static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        build = new HostBuild(HostBuild.findRuntime(Path.of(".")), dir.resolve("kernels"), false);
    }

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

    /**
     * Seeded random batches of the model's input shape, scaled as the model expects its input: when
     * the fixture's {@code meta.json} names a normalisation (an image model), uniform pixels in [0,
     * 1) normalised with it; otherwise standard normal values.
     */
    static List<Tensor> random(Path fixture, long seed, int[] sample, int batches, int batch)
            throws Exception {
        JsonObject meta =
                JsonParser.parseString(Files.readString(fixture.resolve("meta.json")))
                        .getAsJsonObject();
        boolean image = meta.has("mean") && meta.has("std");
        SplittableRandom rng = new SplittableRandom(seed);
        List<Tensor> out = new ArrayList<>();
        int plane = sample[1] * sample[2];
        for (int b = 0; b < batches; b++) {
            float[] d = new float[batch * Shapes.size(sample)];
            for (int i = 0; i < d.length; i++) {
                int c = (i / plane) % sample[0];
                d[i] =
                        image
                                ? (float)
                                        ((rng.nextDouble()
                                                        - meta.getAsJsonArray("mean")
                                                                .get(c)
                                                                .getAsDouble())
                                                / meta.getAsJsonArray("std").get(c).getAsDouble())
                                : (float) rng.nextGaussian();
            }
            out.add(new Tensor(Shapes.batched(batch, sample), d));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void quantisedFixtureRunsTheSameEverywhere(String name) throws Exception {
        Path fixture = RepositoryRoot.locate().resolve("fixtures/onnx").resolve(name);
        Graph g = OnnxImporter.importModel(fixture.resolve("model.onnx"), null).graph();
        int[] shape = g.inputShape();
        int per = Shapes.size(shape);
        QuantizedModel q =
                Quantizer.quantize(
                        g,
                        random(fixture, 13, shape, CALIBRATION_BATCHES, BATCH),
                        QuantOptions.DEFAULTS);
        float[][] samples = new float[SAMPLES][];
        TensorProto stored =
                TensorProto.parseFrom(
                        Files.readAllBytes(fixture.resolve("test_data_set_0/input_0.pb")));
        samples[0] = Arrays.copyOf(InitializerValues.floats(stored), per);
        float[] noise = random(fixture, 77, shape, 1, SAMPLES - 1).get(0).data();
        for (int s = 1; s < SAMPLES; s++) {
            samples[s] = Arrays.copyOfRange(noise, (s - 1) * per, s * per);
        }
        Int8RoundTrip.Counts counts = Int8RoundTrip.check(name, q, samples, build, dir);
        double relative = floatVsInt8(g, q, Arrays.copyOfRange(samples, 1, SAMPLES), shape);
        double onStored = floatVsInt8(g, q, Arrays.copyOf(samples, 1), shape);
        System.out.printf(
                "FIXTURE %-18s %2d IR nodes | %s | int8 vs float, relative L2 error: %.4f on random "
                        + "inputs, %.4f on the stored input%n",
                name, q.toIr().nodes().size(), counts, relative, onStored);
        assertTrue(
                relative < RELATIVE_ERROR,
                name + ": int8 output is " + relative + " (relative L2) from float");
    }

    /** ||int8 − float|| / ||float|| over the samples, the float graph as imported. */
    private static double floatVsInt8(Graph g, QuantizedModel q, float[][] samples, int[] shape) {
        double err = 0;
        double norm = 0;
        for (float[] x : samples) {
            float[] want = g.forward(new Tensor(Shapes.batched(1, shape), x.clone())).data();
            float[] got = q.logits(x);
            for (int i = 0; i < want.length; i++) {
                err += (got[i] - want[i]) * (double) (got[i] - want[i]);
                norm += want[i] * (double) want[i];
            }
        }
        return Math.sqrt(err / norm);
    }
}
