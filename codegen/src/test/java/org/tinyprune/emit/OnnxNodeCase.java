package org.tinyprune.emit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinyprune.int8.Affine;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.InitializerValues;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.GraphProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;
import org.tinyprune.onnx.proto.Onnx.ValueInfoProto;

/**
 * Runs one ONNX backend node test case ({@code model.onnx} and {@code test_data_set_0/}) through
 * the reader, the code generator and the host C compiler, and compares the generated code's output
 * with the case's expected output.
 *
 * <p>Generated models have one input and constant weights, so every graph input after the first is
 * bound to its test value as an initializer (a node test's weights, biases, shapes and second
 * operands are graph inputs). The verdict is {@link Verdict#PASS} (float outputs within 1e-4
 * relative + 1e-5 absolute; integer outputs exact or within one quantisation step, the differing
 * elements counted), {@link Verdict#REFUSED} (an {@link UnsupportedModelException}: the model is
 * not deployable and the reader or generator said why) or {@link Verdict#FAIL} (a wrong value, a
 * crash, a build or run error, or a model generated for a case with no test data).
 */
final class OnnxNodeCase {
    /** How a case ended. */
    enum Verdict {
        PASS,
        REFUSED,
        FAIL
    }

    /**
     * The outcome of one case.
     *
     * @param detail the refusal or failure message, or for a pass the number of elements off by one
     *     step
     * @param offByOne elements of an integer output that differ from the expected one by one step
     */
    record Outcome(String name, String op, Verdict verdict, String detail, int offByOne) {}

    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;

    private OnnxNodeCase() {}

    /** Runs the case in {@code dir}, attributed to operator {@code op}. Never throws. */
    static Outcome run(Path dir, String op) {
        String name = dir.getFileName().toString();
        try {
            return run(dir, name, op);
        } catch (UnsupportedModelException e) {
            return new Outcome(name, op, Verdict.REFUSED, e.getMessage(), 0);
        } catch (IOException | RuntimeException e) {
            String msg =
                    e.getMessage() == null
                            ? ""
                            : e.getMessage()
                                    .lines()
                                    .limit(3)
                                    .reduce((a, b) -> a + " / " + b)
                                    .orElse("");
            return new Outcome(
                    name, op, Verdict.FAIL, e.getClass().getSimpleName() + ": " + msg, 0);
        }
    }

    private static Outcome run(Path dir, String name, String op)
            throws IOException, UnsupportedModelException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(dir.resolve("model.onnx")));
        Path data = dir.resolve("test_data_set_0");
        boolean hasData = Files.isDirectory(data);
        if (hasData) {
            model = bindTrailingInputs(model, data);
        }
        Graph g = OnnxReader.read(model);
        Path bin = HostHarness.runner(g, false);
        if (!hasData) {
            return new Outcome(
                    name,
                    op,
                    Verdict.FAIL,
                    "code was generated but the case has no committed test data",
                    0);
        }
        TensorProto x = tensor(data.resolve("input_0.pb"));
        TensorProto y = tensor(data.resolve("output_0.pb"));
        Tensor out = g.tensor(g.outputs().get(0));
        if (!java.util.Arrays.equals(out.shape(), InitializerValues.shape(y))) {
            return new Outcome(
                    name,
                    op,
                    Verdict.FAIL,
                    "output shape "
                            + java.util.Arrays.toString(out.shape())
                            + ", expected "
                            + java.util.Arrays.toString(InitializerValues.shape(y)),
                    0);
        }
        return g.isQuantized()
                ? compareInt8(name, op, g, bin, x, y)
                : compareFloat(name, op, bin, x, y);
    }

    private static Outcome compareFloat(
            String name, String op, Path bin, TensorProto x, TensorProto y) throws IOException {
        if (InitializerValues.type(x) != DataType.FLOAT
                || InitializerValues.type(y) != DataType.FLOAT) {
            return new Outcome(
                    name,
                    op,
                    Verdict.FAIL,
                    "float model generated for "
                            + InitializerValues.type(x)
                            + " input / "
                            + InitializerValues.type(y)
                            + " output",
                    0);
        }
        float[] want = InitializerValues.floats(y);
        float[] got = HostHarness.runFloat(bin, InitializerValues.floats(x), want.length);
        for (int i = 0; i < want.length; i++) {
            if (!close(got[i], want[i], 0)) {
                return new Outcome(
                        name,
                        op,
                        Verdict.FAIL,
                        "element " + i + ": " + got[i] + ", expected " + want[i],
                        0);
            }
        }
        return new Outcome(name, op, Verdict.PASS, "", 0);
    }

    private static Outcome compareInt8(
            String name, String op, Graph g, Path bin, TensorProto x, TensorProto y)
            throws IOException {
        Quantization qin = g.tensor(g.inputs().get(0)).quantization();
        Quantization qout = g.tensor(g.outputs().get(0)).quantization();
        byte[] codes =
                switch (InitializerValues.type(x)) {
                    case FLOAT -> Affine.quantize(InitializerValues.floats(x), qin);
                    case INT8, UINT8 -> int8Codes(x);
                    default -> null;
                };
        if (codes == null) {
            return new Outcome(
                    name,
                    op,
                    Verdict.FAIL,
                    "int8 model generated for " + InitializerValues.type(x) + " input",
                    0);
        }
        byte[] got = HostHarness.runInt8(bin, codes);
        int offByOne = 0;
        switch (InitializerValues.type(y)) {
            case INT8, UINT8 -> {
                byte[] want = int8Codes(y);
                for (int i = 0; i < want.length; i++) {
                    int d = Math.abs(got[i] - want[i]);
                    if (d > 1) {
                        return new Outcome(
                                name,
                                op,
                                Verdict.FAIL,
                                "element "
                                        + i
                                        + ": code "
                                        + got[i]
                                        + ", expected "
                                        + want[i]
                                        + " (int8 form)",
                                0);
                    }
                    offByOne += d;
                }
            }
            case FLOAT -> {
                float[] want = InitializerValues.floats(y);
                float[] real = Affine.dequantize(got, qout);
                for (int i = 0; i < want.length; i++) {
                    if (!close(real[i], want[i], qout.scale() * 1.001)) {
                        return new Outcome(
                                name,
                                op,
                                Verdict.FAIL,
                                "element "
                                        + i
                                        + ": "
                                        + real[i]
                                        + ", expected "
                                        + want[i]
                                        + " (more than one step of "
                                        + qout.scale()
                                        + ")",
                                0);
                    }
                    offByOne += close(real[i], want[i], 0) ? 0 : 1;
                }
            }
            default -> {
                return new Outcome(
                        name,
                        op,
                        Verdict.FAIL,
                        "int8 model generated for " + InitializerValues.type(y) + " output",
                        0);
            }
        }
        return new Outcome(
                name,
                op,
                Verdict.PASS,
                offByOne == 0 ? "" : offByOne + " elements off by one step",
                offByOne);
    }

    /** Int8 codes of an INT8 or UINT8 tensor (UINT8 shifted by -128, as the reader maps them). */
    private static byte[] int8Codes(TensorProto t) {
        int[] v = InitializerValues.ints(t);
        int shift = InitializerValues.type(t) == DataType.UINT8 ? 128 : 0;
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) (v[i] - shift);
        }
        return b;
    }

    private static boolean close(double got, double want, double step) {
        if (Double.isNaN(want) || Double.isInfinite(want)) {
            return Double.compare(got, want) == 0;
        }
        return Math.abs(got - want) <= RTOL * Math.abs(want) + ATOL + step;
    }

    /** The model with graph inputs 1.. replaced by initializers holding their test values. */
    private static ModelProto bindTrailingInputs(ModelProto model, Path data) throws IOException {
        GraphProto.Builder g = model.getGraph().toBuilder();
        for (int i = 1; i < g.getInputCount(); i++) {
            ValueInfoProto v = g.getInput(i);
            Path pb = data.resolve("input_" + i + ".pb");
            if (!v.getType().hasTensorType() || !Files.exists(pb)) {
                continue; // sequences and optionals stay inputs; the reader refuses them
            }
            g.addInitializer(tensor(pb).toBuilder().setName(v.getName()).build());
        }
        return model.toBuilder().setGraph(g).build();
    }

    private static TensorProto tensor(Path pb) throws IOException {
        try (InputStream in = Files.newInputStream(pb)) {
            return TensorProto.parseFrom(in);
        }
    }
}
