package org.tinyprune.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxModelBuilder;
import org.tinyprune.onnx.OnnxTensors;

/**
 * Naming and Q/DQ plumbing of the QDQ exporter: every int8 activation {@code T} of the IR is the
 * float value {@code T} in ONNX, produced by {@code DequantizeLinear(QuantizeLinear(T_float))};
 * constants become int8/int32 initializers behind a per-axis {@code DequantizeLinear}.
 */
final class QdqContext {

    private final OnnxModelBuilder model;
    private final Map<String, String> floatValue = new HashMap<>();

    QdqContext(OnnxModelBuilder model) {
        this.model = model;
    }

    OnnxModelBuilder model() {
        return model;
    }

    /** The float (dequantised) ONNX value holding IR activation {@code tensor}. */
    String value(String tensor) {
        String v = floatValue.get(tensor);
        if (v == null) {
            throw new IllegalStateException(
                    "QDQ export: tensor '" + tensor + "' is read before it is produced");
        }
        return v;
    }

    /**
     * Quantises then dequantises {@code source} with the tensor's parameters; returns the float
     * value.
     */
    String quantizeDequantize(Tensor t, String source, String dequantizedName) {
        Quantization q = t.quantization();
        String scale = t.name() + "_scale";
        String zp = t.name() + "_zero_point";
        model.initializer(OnnxTensors.scalar(scale, q.scale()));
        model.initializer(OnnxTensors.int8s(zp, new long[0], new byte[] {(byte) q.zeroPoint()}));
        String quantized = t.name() + "_quantized";
        model.node(
                "QuantizeLinear",
                t.name() + "_QuantizeLinear",
                List.of(source, scale, zp),
                List.of(quantized));
        model.node(
                "DequantizeLinear",
                t.name() + "_DequantizeLinear",
                List.of(quantized, scale, zp),
                List.of(dequantizedName));
        floatValue.put(t.name(), dequantizedName);
        return dequantizedName;
    }

    /**
     * A constant int8 weight or int32 bias behind a per-axis DequantizeLinear; returns its float
     * value.
     */
    String constant(Tensor t) {
        Quantization q = t.quantization();
        long[] dims = dims(t.shape());
        long[] perAxis = {q.size()};
        String scale = t.name() + "_scale";
        String zp = t.name() + "_zero_point";
        switch (t.dtype()) {
            case INT8 -> {
                model.initializer(OnnxTensors.int8s(t.name(), dims, t.int8Data()));
                model.initializer(OnnxTensors.int8s(zp, perAxis, new byte[q.size()]));
            }
            case INT32 -> {
                model.initializer(OnnxTensors.int32s(t.name(), dims, t.int32Data()));
                model.initializer(OnnxTensors.int32s(zp, perAxis, new int[q.size()]));
            }
            default ->
                    throw new IllegalArgumentException(
                            "QDQ export: constant '"
                                    + t.name()
                                    + "' is "
                                    + t.dtype()
                                    + "; a quantised graph holds int8 weights and int32 biases");
        }
        model.initializer(OnnxTensors.floats(scale, perAxis, q.scales()));
        String out = t.name() + "_dequantized";
        model.node(
                "DequantizeLinear",
                t.name() + "_DequantizeLinear",
                List.of(t.name(), scale, zp),
                List.of(out),
                OnnxAttributes.of("axis", (long) q.axis()));
        return out;
    }

    /** The float values of a node's inputs: activations by name, constants dequantised. */
    List<String> inputs(org.tinyprune.ir.Graph ir, org.tinyprune.ir.Node node) {
        List<String> in = new ArrayList<>();
        for (String name : node.inputs()) {
            Tensor t = ir.tensor(name);
            in.add(t.isConstant() ? constant(t) : value(name));
        }
        return in;
    }

    static long[] dims(int[] shape) {
        long[] d = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            d[i] = shape[i];
        }
        return d;
    }
}
