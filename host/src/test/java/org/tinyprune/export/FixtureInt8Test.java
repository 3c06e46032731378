package org.tinyprune.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.emit.HostBuild;
import org.tinyprune.emit.HostRunner;
import org.tinyprune.int8.Affine;
import org.tinyprune.ir.Quantization;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.onnx.OnnxImporter;
import org.tinyprune.onnx.InitializerValues;
import org.tinyprune.onnx.OnnxFiles;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.QuantizedModel;
import org.tinyprune.quant.Quantizer;

/**
 * Every committed PyTorch fixture ({@code fixtures/onnx}) imported, quantised on seeded random
 * calibration batches (scaled as the model's input) and exported as QDQ {@code model_int8.onnx}, then:
 * <ol>
 *   <li>read back as {@code build} reads it ({@link DeviceModel#fromOnnx}): the same IR node for
 *       node, and its int8 interpreter equals the quantised model's bit for bit;</li>
 *   <li>in ONNX Runtime: each node, fed the interpreter's int8 inputs, and the whole file end to end
 *       within one output step of the interpreter (differing elements counted and printed);</li>
 *   <li>the generated C built for the host equals the interpreter bit for bit;</li>
 *   <li>the dequantised int8 output stays close to the float output on inputs like the calibration
 *       ones (a loose sanity bound; the fixture's stored input is only reported: random
 *       calibration need not cover a real image's range, e.g. fmnist_cnn's logits saturate).</li>
 * </ol>
 */
class FixtureInt8Test {
    private static final int CALIBRATION_BATCHES = 4;
    private static final int BATCH = 16;
    private static final int SAMPLES = 6;
    /** Loose bound on ||int8 − float|| / ||float|| over the compared samples. */
    private static final double RELATIVE_ERROR = 0.05;

    private static HostBuild build;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        build = new HostBuild(HostBuild.findRuntime(Path.of(".")), dir.resolve("kernels"), false);
    }

    static Stream<String> fixtures() {
        return Stream.of("fmnist_cnn", "ds_cnn", "inverted_residual", "se_block", "shuffle_block",
                "efficientnet_block", "mbv3_block");
    }

    /**
     * Seeded random batches of the model's input shape, scaled as the model expects its input: when
     * the fixture's {@code meta.json} names a normalisation (an image model), uniform pixels in
     * [0, 1) normalised with it; otherwise standard normal values.
     */
    static List<Tensor> random(Path fixture, long seed, int[] sample, int batches, int batch) throws Exception {
        JsonObject meta = JsonParser.parseString(Files.readString(fixture.resolve("meta.json"))).getAsJsonObject();
        boolean image = meta.has("mean") && meta.has("std");
        SplittableRandom rng = new SplittableRandom(seed);
        List<Tensor> out = new ArrayList<>();
        int plane = sample[1] * sample[2];
        for (int b = 0; b < batches; b++) {
            float[] d = new float[batch * Shapes.size(sample)];
            for (int i = 0; i < d.length; i++) {
                int c = (i / plane) % sample[0];
                d[i] = image ? (float) ((rng.nextDouble() - meta.getAsJsonArray("mean").get(c).getAsDouble())
                        / meta.getAsJsonArray("std").get(c).getAsDouble()) : (float) rng.nextGaussian();
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
        QuantizedModel q = Quantizer.quantize(g, random(fixture, 13, shape, CALIBRATION_BATCHES, BATCH),
                QuantOptions.DEFAULTS);
        Path file = dir.resolve(name + "_int8.onnx");
        q.exportQdq(file, Provenance.builder().seed(13).dataset("random inputs").config("fixture", name).build());

        DeviceModel device = DeviceModel.fromOnnx(file);
        IrComparison.assertSameIr(q.toIr(), device.graph());

        float[][] samples = new float[SAMPLES][];
        TensorProto stored = TensorProto.parseFrom(Files.readAllBytes(fixture.resolve("test_data_set_0/input_0.pb")));
        samples[0] = Arrays.copyOf(InitializerValues.floats(stored), per);
        float[] noise = random(fixture, 77, shape, 1, SAMPLES - 1).get(0).data();
        for (int s = 1; s < SAMPLES; s++) {
            samples[s] = Arrays.copyOfRange(noise, (s - 1) * per, s * per);
        }
        Path runner = dir.resolve(name);
        device.generated().writeTo(runner);
        HostRunner.writeTo(runner);
        Path bin = build.buildRunner(runner);
        Quantization qIn = q.interpreter().inputQuantization();
        for (float[] x : samples) {
            byte[] xq = Affine.quantize(x, qIn);
            byte[] ref = q.runInt8(x);
            assertArrayEquals(ref, device.reference().run(xq), name + ": read-back interpreter vs quantised model");
            assertArrayEquals(ref, runInt8(bin, xq), name + ": generated C vs int8 interpreter");
        }

        int[] perNode = everyNodeWithinOneStep(name, q, samples[0]);
        int[] histogram = endToEnd(OnnxFiles.read(file), q, samples, shape);
        double relative = floatVsInt8(g, q, Arrays.copyOfRange(samples, 1, SAMPLES), shape);
        double onStored = floatVsInt8(g, q, Arrays.copyOf(samples, 1), shape);
        System.out.printf("FIXTURE %-18s %2d IR nodes | ORT per node: %d of %d elements differ by one step | ORT "
                + "end to end: %d equal, %d one step, %d two, %d more | int8 vs float, relative L2 error: %.4f on random "
                + "inputs, %.4f on the stored input%n", name, q.toIr().nodes().size(), perNode[0], perNode[1],
                histogram[0], histogram[1], histogram[2], histogram[3], relative, onStored);
        assertTrue(histogram[2] + histogram[3] == 0, name + ": ONNX Runtime end to end is more than one step from "
                + "the interpreter on " + (histogram[2] + histogram[3]) + " elements");
        assertTrue(relative < RELATIVE_ERROR, name + ": int8 output is " + relative + " (relative L2) from float");
    }

    /**
     * Each IR node alone in ONNX Runtime (its QDQ export, no graph optimisation), fed the dequantised
     * int8 values the interpreter gives its inputs: within one output step on every element.
     *
     * @return {differing elements, elements}
     */
    private static int[] everyNodeWithinOneStep(String name, QuantizedModel q, float[] x) throws Exception {
        org.tinyprune.ir.Graph ir = q.toIr();
        Map<String, byte[]> values = q.interpreter().runAll(
                Map.of(ir.inputs().get(0), Affine.quantize(x, q.interpreter().inputQuantization())));
        int differ = 0;
        int total = 0;
        for (org.tinyprune.ir.Node node : ir.nodes()) {
            org.tinyprune.ir.Graph one = OrtCheck.singleNode(ir, node);
            Map<String, float[]> feeds = new LinkedHashMap<>();
            for (String in : one.inputs()) {
                feeds.put(in, Affine.dequantize(values.get(in), ir.tensor(in).quantization()));
            }
            float[] ort = OrtCheck.run(QdqExporter.toModel(one, Provenance.builder().seed(1).build()), one, feeds);
            Quantization qo = ir.tensor(node.output()).quantization();
            float[] ref = Affine.dequantize(values.get(node.output()), qo);
            for (int i = 0; i < ref.length; i++) {
                double steps = Math.abs(ort[i] - ref[i]) / qo.scale();
                assertTrue(steps <= 1.001, name + " node " + node.name() + " (" + node.op() + ") element " + i + ": "
                        + steps + " steps from ONNX Runtime");
                differ += steps > 1e-3 ? 1 : 0;
                total++;
            }
        }
        return new int[] {differ, total};
    }

    /**
     * The whole {@code model_int8.onnx} in ONNX Runtime (basic optimisations: Q/DQ kept around float
     * ops) against the interpreter's dequantised output. Differences could add up across layers; on
     * these blocks they stay within one step.
     *
     * @return element counts by distance in steps: 0, 1, 2, more
     */
    private static int[] endToEnd(ModelProto model, QuantizedModel q, float[][] samples, int[] shape)
            throws Exception {
        float step = q.interpreter().outputQuantization().scale();
        int[] histogram = new int[4];
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            opts.setOptimizationLevel(OptLevel.BASIC_OPT);
            try (OrtSession s = env.createSession(model.toByteArray(), opts)) {
                for (float[] x : samples) {
                    long[] dims = Arrays.stream(Shapes.batched(1, shape)).asLongStream().toArray();
                    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), dims);
                         OrtSession.Result r = s.run(Map.of(model.getGraph().getInput(0).getName(), t))) {
                        FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                        float[] ref = q.logits(x);
                        for (float want : ref) {
                            double steps = Math.abs(fb.get() - want) / step;
                            histogram[(int) Math.min(3, Math.round(steps))]++;
                        }
                    }
                }
            }
        }
        return histogram;
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

    private static byte[] runInt8(Path bin, byte[] xq) throws Exception {
        Path in = Files.write(bin.resolveSibling("x.s8"), xq);
        Path out = bin.resolveSibling("y.s8");
        HostBuild.run(bin, "--int8", in.toString(), out.toString());
        return Files.readAllBytes(out);
    }
}
