package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.tinyprune.int8.Affine;
import org.tinyprune.int8.Int8Interpreter;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.proto.Onnx.ModelProto;

/**
 * The two end-to-end checks of the shape-op tests: a float model's generated C against ONNX Runtime
 * (1e-5 relative, same element count), and a QDQ model's generated C against the int8 interpreter
 * (bit for bit) and the interpreter against ONNX Runtime (one quantisation step).
 */
final class CodegenChecks {
    private CodegenChecks() {}

    /** Float: reader → C on the host vs ONNX Runtime on {@code model}; returns the IR. */
    static Graph floatModel(ModelProto model, long... inputShape) throws Exception {
        return floatModel(model, model, inputShape);
    }

    /**
     * Float: {@code model} through the reader and C, {@code oracle} (same semantics) through ONNX
     * Runtime.
     */
    static Graph floatModel(ModelProto model, ModelProto oracle, long... inputShape)
            throws Exception {
        Graph ir = OnnxReader.read(model);
        int n =
                (int)
                        Tensor.elementCount(
                                java.util.Arrays.stream(inputShape)
                                        .mapToInt(v -> (int) v)
                                        .toArray());
        float[] x = OnnxGraphs.input(42, n);
        float[] want = ort(oracle, x, inputShape);
        assertEquals(
                want.length,
                ir.tensor(ir.outputs().get(0)).elements(),
                "output size of " + ir.name());
        Path bin = HostHarness.runner(ir, true);
        float[] got = HostHarness.runFloat(bin, x, want.length);
        float max = 0;
        for (float v : want) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0, "reference output is all zeros; the test would prove nothing");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5 * max, "element " + i + " of " + ir.name());
        }
        return ir;
    }

    /**
     * ONNX Runtime without graph optimisations: its Pad fusion merges a Pad into a following
     * AveragePool in ceil mode and then drops a last window the unfused graph keeps (the ONNX rule
     * that a ceil-mode window must start inside the input or its leading padding then sees the
     * Pad's border as padding), so the optimised session is not a faithful reference there.
     */
    static float[] ort(ModelProto model, float[] input, long[] shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession s = env.createSession(model.toByteArray(), opts);
                    OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                    OrtSession.Result r =
                            s.run(Map.of(model.getGraph().getInput(0).getName(), x))) {
                FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] v = new float[out.remaining()];
                out.get(v);
                return v;
            }
        }
    }

    /**
     * QDQ: the reader gives an int8 graph; the interpreter is within one output step of ONNX
     * Runtime and the generated C equals the interpreter bit for bit (int8 codes and float I/O).
     */
    static Graph qdqModel(ModelProto model, long... inputShape) throws Exception {
        Graph g = OnnxReader.read(model);
        assertTrue(g.isQuantized(), "not folded to int8: " + g);
        int n =
                (int)
                        Tensor.elementCount(
                                java.util.Arrays.stream(inputShape)
                                        .mapToInt(v -> (int) v)
                                        .toArray());
        float[] x = OnnxGraphs.input(7, n);
        float[] ort = ort(model, x, inputShape);
        Int8Interpreter interp = new Int8Interpreter(g);
        float[] ref = interp.runReal(x);
        assertEquals(ort.length, ref.length, "output size");
        Quantization q = interp.outputQuantization();
        int differ = 0;
        for (int i = 0; i < ort.length; i++) {
            assertEquals(ort[i], ref[i], q.scale() * 1.001f, "element " + i + " of " + g.name());
            differ += ort[i] != ref[i] ? 1 : 0;
        }
        System.out.println(
                g.name()
                        + ": "
                        + differ
                        + " of "
                        + ort.length
                        + " elements differ from ONNX Runtime (by one step)");
        byte[] xq = Affine.quantize(x, interp.inputQuantization());
        Path bin = HostHarness.runner(g, true);
        assertArrayEquals(
                interp.run(xq), HostHarness.runInt8(bin, xq), "C vs interpreter, " + g.name());
        assertArrayEquals(ref, HostHarness.runFloat(bin, x, ort.length), "float I/O, " + g.name());
        return g;
    }
}
