package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.MalformedModels;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxModelBuilder;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.OnnxValueInfos;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * The code generator's ONNX reader on damaged models ({@link MalformedModels}: every initializer,
 * attribute and declared dimension of a float and a QDQ model broken in turn): each is refused with
 * an {@link UnsupportedModelException} (the bad-input exit of {@code codegen} and {@code build})
 * or, when the damage leaves a valid model, read and generated; never an internal error. Named
 * cases check the message names the initializer, node or output at fault.
 */
class MalformedOnnxTest {
    /**
     * x → Conv → BatchNormalization → Clip → MaxPool → GlobalAveragePool → Flatten → Gemm → y [N,
     * 5].
     */
    static ModelProto floatModel() {
        OnnxModelBuilder b = new OnnxModelBuilder("float");
        b.input(OnnxValueInfos.batched("x", DataType.FLOAT, "N", 2, 6, 6));
        b.initializer(OnnxTensors.floats("w", new long[] {4, 2, 3, 3}, ramp(72, 0.01f)));
        b.initializer(OnnxTensors.floats("b", new long[] {4}, ramp(4, 0.1f)));
        b.initializer(OnnxTensors.floats("gamma", new long[] {4}, new float[] {1, 0.5f, 2, 1}));
        b.initializer(OnnxTensors.floats("beta", new long[] {4}, ramp(4, 0.2f)));
        b.initializer(OnnxTensors.floats("mean", new long[] {4}, ramp(4, 0.05f)));
        b.initializer(OnnxTensors.floats("var", new long[] {4}, new float[] {1, 2, 0.5f, 1}));
        b.initializer(OnnxTensors.scalar("lo", 0f));
        b.initializer(OnnxTensors.scalar("hi", 6f));
        b.initializer(OnnxTensors.floats("W", new long[] {5, 4}, ramp(20, 0.03f)));
        b.initializer(OnnxTensors.floats("B", new long[] {5}, ramp(5, 0.01f)));
        b.node(
                "Conv",
                "conv",
                List.of("x", "w", "b"),
                List.of("c"),
                OnnxAttributes.ints("pads", 1, 1, 1, 1),
                OnnxAttributes.ints("strides", 1, 1),
                OnnxAttributes.ints("kernel_shape", 3, 3));
        b.node(
                "BatchNormalization",
                "bn",
                List.of("c", "gamma", "beta", "mean", "var"),
                List.of("n"),
                OnnxAttributes.of("epsilon", 1e-5f));
        b.node("Clip", "clip", List.of("n", "lo", "hi"), List.of("r"));
        b.node(
                "MaxPool",
                "pool",
                List.of("r"),
                List.of("p"),
                OnnxAttributes.ints("kernel_shape", 2, 2),
                OnnxAttributes.ints("strides", 2, 2));
        b.node("GlobalAveragePool", "gap", List.of("p"), List.of("g"));
        b.node("Flatten", "flat", List.of("g"), List.of("f"), OnnxAttributes.of("axis", 1L));
        b.node(
                "Gemm",
                "fc",
                List.of("f", "W", "B"),
                List.of("y"),
                OnnxAttributes.of("transB", 1L),
                OnnxAttributes.of("alpha", 1f));
        b.output(OnnxValueInfos.batched("y", DataType.FLOAT, "N", 5));
        return b.build();
    }

    /** A QDQ model as ONNX Runtime's quantiser writes one: conv → pool → gemm, output [N, 5]. */
    static ModelProto qdqModel() {
        QdqGraphs q = new QdqGraphs("qdq", 3, 1, 2, 6, 6);
        float s0 = 0.02f;
        String x = q.qdq("x", s0, 3);
        String c = q.conv(x, s0, 2, 4, 3, 0.03f, -128);
        String p =
                q.qdq(
                        q.op(
                                "MaxPool",
                                List.of(c),
                                OnnxAttributes.ints("kernel_shape", 2, 2),
                                OnnxAttributes.ints("strides", 2, 2)),
                        0.03f,
                        -128);
        String g = q.qdq(q.op("GlobalAveragePool", List.of(p)), 0.03f, -128);
        String f = q.qdq(q.op("Flatten", List.of(g)), 0.03f, -128);
        return q.build(q.gemm(f, 0.03f, 4, 5, 0.05f, 0), 5);
    }

    private static float[] ramp(int n, float step) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 7 - 3) * step;
        }
        return v;
    }

    /** Reads and generates C for each variant; returns the variants that failed inside. */
    private static List<String> internalErrors(ModelProto base, int[] refused) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ModelProto> e : MalformedModels.of(base).entrySet()) {
            try {
                Graph g = OnnxReader.read(e.getValue());
                CodeGenerator.generate(g, null);
            } catch (UnsupportedModelException ok) {
                refused[0]++;
            } catch (RuntimeException | Error bad) {
                out.add(e.getKey() + ": " + bad);
            }
        }
        return out;
    }

    @Test
    void everyDamagedVariantIsRefusedOrReadNeverAnInternalError() throws Exception {
        for (ModelProto base : List.of(floatModel(), qdqModel())) {
            CodeGenerator.generate(OnnxReader.read(base), null); // the undamaged model reads
            int[] refused = {0};
            List<String> errors = internalErrors(base, refused);
            int variants = MalformedModels.of(base).size();
            System.out.printf(
                    "MalformedOnnxTest %s: %d variants, %d refused, %d internal errors%n",
                    base.getGraph().getName(), variants, refused[0], errors.size());
            assertTrue(variants > 300, "variants: " + variants);
            assertTrue(
                    errors.isEmpty(),
                    errors.size() + " internal errors:\n" + String.join("\n", errors));
        }
    }

    private static String refusal(ModelProto base, String variant) {
        ModelProto m = MalformedModels.of(base).get(variant);
        assertTrue(m != null, variant);
        return assertThrows(UnsupportedModelException.class, () -> OnnxReader.read(m), variant)
                .getMessage();
    }

    @Test
    void messagesNameTheInitializerNodeOrOutputAtFault() throws Exception {
        ModelProto f = floatModel();
        assertTrue(
                refusal(f, "initializer w: dim -1")
                        .startsWith(
                                "initializer 'w' (read by node 'conv' (Conv)) has "
                                        + "dims [-1, 2, 3, 3]: a negative dimension"),
                refusal(f, "initializer w: dim -1"));
        assertTrue(refusal(f, "initializer w: dims overflow long").contains("initializer 'w'"));
        assertTrue(
                refusal(f, "initializer W: raw_data one byte short")
                        .startsWith(
                                "initializer 'W' (read by node "
                                        + "'fc' (Gemm)) holds 79 bytes of raw_data but its dims [5, 4] need 80 bytes"));
        assertTrue(
                refusal(f, "initializer var: first value NaN")
                        .startsWith(
                                "initializer 'var' (read by node 'bn' "
                                        + "(BatchNormalization)) holds NaN at element 0"));
        assertTrue(
                refusal(f, "node bn (BatchNormalization) epsilon: NaN")
                        .startsWith(
                                "node 'bn' "
                                        + "(BatchNormalization) attribute epsilon is not a finite number"));
        assertTrue(refusal(f, "node conv (Conv) strides: [0] = 0").contains("'conv'"));
        assertTrue(
                refusal(f, "output y: dim 1 = 6")
                        .startsWith(
                                "graph output 'y' is declared [N, 6] but the model "
                                        + "computes [1, 5]"),
                refusal(f, "output y: dim 1 = 6"));
        assertTrue(
                refusal(f, "input x: dim 2 = 1099511627776")
                        .startsWith("graph input 'x' declares dimension 2"));
        // Clip's bounds may be infinite: an unbounded ReLU
        Graph unbounded =
                OnnxReader.read(MalformedModels.of(f).get("initializer hi: every value Infinity"));
        assertEquals(1, unbounded.outputs().size());

        ModelProto q = qdqModel();
        String scale = q.getGraph().getInitializer(0).getName();
        for (String v : new String[] {"0.0", "-1.0", "1.4E-45", "NaN"}) {
            String m = refusal(q, "initializer " + scale + ": every value " + v);
            assertTrue(
                    m.contains("'" + scale + "'") && (m.contains("finite") || m.contains("scale")),
                    m);
        }
    }
}
