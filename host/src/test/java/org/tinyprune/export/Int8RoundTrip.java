package org.tinyprune.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
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
import org.tinyprune.build.DeviceModel;
import org.tinyprune.emit.HostBuild;
import org.tinyprune.emit.HostRunner;
import org.tinyprune.int8.Affine;
import org.tinyprune.ir.Quantization;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;
import org.tinyprune.onnx.OnnxFiles;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.quant.QuantizedModel;

/**
 * Test support: a quantised model through every int8 path, each checked against its int8 reference
 * interpreter. {@link #check} writes {@code model_int8.onnx} (QDQ) and then:
 *
 * <ol>
 *   <li>reads it back as {@code build} does ({@link DeviceModel#fromOnnx}): the same IR node for
 *       node ({@link IrComparison}) and, on every sample, the same int8 output bit for bit;
 *   <li>builds the generated C for the host: the same int8 output bit for bit;
 *   <li>runs every IR node alone in ONNX Runtime (graph optimisations off, so Q/DQ stay around
 *       float ops), fed the interpreter's int8 inputs: within one output step on every element;
 *   <li>runs the whole file in ONNX Runtime: one-step differences of inner nodes carry on to later
 *       ones (more so on small random networks whose output range is narrow), so the output
 *       elements are counted by distance in steps and only bounded loosely (none more than {@value
 *       #END_TO_END_STEPS} steps off).
 * </ol>
 */
final class Int8RoundTrip {
    /** Largest end-to-end distance from ONNX Runtime accepted, in output steps. */
    static final int END_TO_END_STEPS = 3;

    private Int8RoundTrip() {}

    /** Seeded standard-normal batches of a per-sample shape. */
    static List<Tensor> gaussian(long seed, int[] sample, int batches, int batch) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Tensor> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            float[] d = new float[batch * Shapes.size(sample)];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) rng.nextGaussian();
            }
            out.add(new Tensor(Shapes.batched(batch, sample), d));
        }
        return out;
    }

    /**
     * What ONNX Runtime gave, in elements.
     *
     * @param nodeDiffer elements of single-node runs one step from the interpreter
     * @param nodeTotal elements of single-node runs
     * @param whole output elements of whole-model runs by distance from the interpreter: 0, 1, 2, 3
     *     or more steps
     */
    record Counts(int nodeDiffer, int nodeTotal, int[] whole) {
        @Override
        public String toString() {
            return "ONNX Runtime per node: "
                    + nodeDiffer
                    + " of "
                    + nodeTotal
                    + " elements one step off; end to end "
                    + "(0/1/2/3+ steps): "
                    + Arrays.toString(whole);
        }
    }

    /**
     * Runs every check.
     *
     * @param name what is checked (messages, file names)
     * @param q the quantised model
     * @param samples float input samples (normalised as for the model)
     * @param build host C build
     * @param dir scratch folder
     * @return ONNX Runtime's differing-element counts
     */
    static Counts check(String name, QuantizedModel q, float[][] samples, HostBuild build, Path dir)
            throws Exception {
        Path file = dir.resolve(name + "_int8.onnx");
        q.exportQdq(
                file,
                Provenance.builder()
                        .seed(13)
                        .dataset("random inputs")
                        .config("model", name)
                        .build());
        DeviceModel device = DeviceModel.fromOnnx(file);
        IrComparison.assertSameIr(q.toIr(), device.graph());

        Path runner = dir.resolve(name);
        device.generated().writeTo(runner);
        HostRunner.writeTo(runner);
        Path bin = build.buildRunner(runner);
        Quantization qIn = q.interpreter().inputQuantization();
        for (float[] x : samples) {
            byte[] xq = Affine.quantize(x, qIn);
            byte[] ref = q.runInt8(x);
            assertArrayEquals(
                    ref,
                    device.reference().run(xq),
                    name + ": read-back interpreter vs quantised model");
            assertArrayEquals(ref, runInt8(bin, xq), name + ": generated C vs int8 interpreter");
        }
        int[] node = everyNodeWithinOneStep(name, q, samples[0]);
        int[] whole = endToEnd(name, OnnxFiles.read(file), q, samples);
        return new Counts(node[0], node[1], whole);
    }

    /**
     * @return {differing elements, elements}
     */
    private static int[] everyNodeWithinOneStep(String name, QuantizedModel q, float[] x)
            throws Exception {
        org.tinyprune.ir.Graph ir = q.toIr();
        Map<String, byte[]> values =
                q.interpreter()
                        .runAll(
                                Map.of(
                                        ir.inputs().get(0),
                                        Affine.quantize(x, q.interpreter().inputQuantization())));
        int differ = 0;
        int total = 0;
        for (org.tinyprune.ir.Node node : ir.nodes()) {
            org.tinyprune.ir.Graph one = OrtCheck.singleNode(ir, node);
            Map<String, float[]> feeds = new LinkedHashMap<>();
            for (String in : one.inputs()) {
                feeds.put(in, Affine.dequantize(values.get(in), ir.tensor(in).quantization()));
            }
            float[] ort =
                    OrtCheck.run(
                            QdqExporter.toModel(one, Provenance.builder().seed(1).build()),
                            one,
                            feeds);
            Quantization qo = ir.tensor(node.output()).quantization();
            float[] ref = Affine.dequantize(values.get(node.output()), qo);
            for (int i = 0; i < ref.length; i++) {
                double steps = Math.abs(ort[i] - ref[i]) / qo.scale();
                assertTrue(
                        steps <= 1.001,
                        name
                                + " node "
                                + node.name()
                                + " ("
                                + node.op()
                                + ") element "
                                + i
                                + ": "
                                + steps
                                + " steps from ONNX Runtime");
                differ += steps > 1e-3 ? 1 : 0;
                total++;
            }
        }
        return new int[] {differ, total};
    }

    /**
     * @return output elements by distance in steps: 0, 1, 2, 3 or more
     */
    private static int[] endToEnd(
            String name, ModelProto model, QuantizedModel q, float[][] samples) throws Exception {
        float step = q.interpreter().outputQuantization().scale();
        long[] dims =
                Arrays.stream(q.toIr().tensor(q.toIr().inputs().get(0)).shape())
                        .asLongStream()
                        .toArray();
        int[] histogram = new int[END_TO_END_STEPS + 1];
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            opts.setOptimizationLevel(OptLevel.NO_OPT);
            try (OrtSession s = env.createSession(model.toByteArray(), opts)) {
                for (float[] x : samples) {
                    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), dims);
                            OrtSession.Result r =
                                    s.run(Map.of(model.getGraph().getInput(0).getName(), t))) {
                        FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                        float[] ref = q.logits(x);
                        assertTrue(
                                fb.remaining() == ref.length,
                                name
                                        + ": ONNX Runtime gives "
                                        + fb.remaining()
                                        + " outputs, the interpreter "
                                        + ref.length);
                        for (int i = 0; i < ref.length; i++) {
                            double steps = Math.abs(fb.get() - ref[i]) / step;
                            assertTrue(
                                    steps <= END_TO_END_STEPS + 0.001,
                                    name
                                            + " end to end, output element "
                                            + i
                                            + ": "
                                            + steps
                                            + " steps from ONNX Runtime");
                            histogram[(int) Math.min(END_TO_END_STEPS, Math.round(steps))]++;
                        }
                    }
                }
            }
        }
        return histogram;
    }

    private static byte[] runInt8(Path bin, byte[] xq) throws Exception {
        Path in = Files.write(bin.resolveSibling("x.s8"), xq);
        Path out = bin.resolveSibling("y.s8");
        HostBuild.run(bin, "--int8", in.toString(), out.toString());
        return Files.readAllBytes(out);
    }
}
