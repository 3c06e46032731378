package org.tinyprune.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxFiles;
import org.tinyprune.onnx.OnnxModelBuilder;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.OnnxValueInfos;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;
import org.tinyprune.plan.PlanChoice;
import org.tinyprune.provenance.Provenance;

/**
 * Exports a quantised IR graph as {@code model_int8.onnx} in QDQ form (opset 13, 14 when it holds
 * HardSwish): each float op (Conv, Gemm, MaxPool, AveragePool, GlobalAveragePool, Add, Mul, Concat,
 * Flatten, Reshape, Pad, Transpose, Sigmoid, HardSigmoid, HardSwish) reads dequantised inputs, its
 * fused clamp follows as Relu/Clip (a standalone clamp is a Clip alone), and its output goes
 * through QuantizeLinear / DequantizeLinear with the tensor's scale and zero point. A channel
 * shuffle is written as ONNX exporters write it (Reshape, Transpose, Reshape), each step quantised
 * like its input, which codegen's reader folds back into one shuffle. Weights are int8 initializers
 * with per-axis (axis 0) DequantizeLinear, biases int32 initializers with scale input × weight
 * scale. The model takes a float input (quantised by its first QuantizeLinear) of symbolic batch N
 * and returns the dequantised output. ONNX node and value names are the IR's.
 */
public final class QdqExporter {
    /** The opset that introduced HardSwish. */
    private static final int HARD_SWISH_OPSET = 14;

    private QdqExporter() {}

    /**
     * Writes the QDQ model atomically.
     *
     * @param ir a quantised IR graph (as {@code QuantizedModel.toIr()} returns)
     * @param file destination, e.g. {@code run/model_int8.onnx}
     * @param provenance provenance stored in the model metadata
     * @return the model written
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException naming the node if an op has no QDQ form
     */
    public static ModelProto export(Graph ir, Path file, Provenance provenance) throws IOException {
        ModelProto model = toModel(ir, provenance);
        OnnxFiles.write(model, file);
        return model;
    }

    /**
     * Writes the QDQ model atomically with the plan it was priced under recorded in its metadata
     * ({@link PlanChoice#toMetadataProps}), so code generation plans exactly that.
     *
     * @param plan the chains chosen within the budgets
     * @throws IllegalArgumentException naming the chain if {@code ir} cannot stream it
     */
    public static ModelProto export(Graph ir, Path file, Provenance provenance, PlanChoice plan)
            throws IOException {
        plan.resolve(ir);
        ModelProto model =
                toModel(ir, provenance).toBuilder()
                        .addAllMetadataProps(plan.toMetadataProps())
                        .build();
        OnnxFiles.write(model, file);
        return model;
    }

    /**
     * Builds the QDQ model in memory (see {@link #export}).
     *
     * @param ir a quantised IR graph
     * @param provenance provenance for the metadata
     * @return the model
     */
    public static ModelProto toModel(Graph ir, Provenance provenance) {
        boolean hardSwish = ir.nodes().stream().anyMatch(n -> n.op() == OpKind.HARD_SWISH);
        OnnxModelBuilder model =
                new OnnxModelBuilder(ir.name())
                        .opset(hardSwish ? HARD_SWISH_OPSET : OnnxModelBuilder.MIN_OPSET)
                        .producer("tinyprune", provenance.version())
                        .doc("tinyprune int8 QDQ export of " + ir.name())
                        .metadata(provenance.toMetadataProps())
                        .metadata(Provenance.KEY_PREFIX + "export.format", "qdq-int8");
        QdqContext ctx = new QdqContext(model);
        for (String name : ir.inputs()) {
            Tensor t = ir.tensor(name);
            model.input(OnnxValueInfos.batched(name, DataType.FLOAT, "N", rest(t.shape())));
            ctx.quantizeDequantize(t, name, name + "_dequantized");
        }
        for (Node node : ir.nodes()) {
            emit(ir, ctx, node);
        }
        String out = ir.outputs().get(0);
        model.output(
                OnnxValueInfos.batched(out, DataType.FLOAT, "N", rest(ir.tensor(out).shape())));
        return model.build();
    }

    private static void emit(Graph ir, QdqContext ctx, Node node) {
        Tensor out = ir.tensor(node.output());
        Attributes a = node.attributes();
        List<String> in =
                node.op() == OpKind.HARD_SIGMOID
                        ? List.of(ctx.value(node.input(0)))
                        : ctx.inputs(ir, node);
        String op;
        List<org.tinyprune.onnx.proto.Onnx.AttributeProto> attrs = new ArrayList<>();
        switch (node.op()) {
            case CONV -> {
                op = "Conv";
                int[] w = ir.tensor(node.input(1)).shape();
                attrs.add(OnnxAttributes.ints("kernel_shape", w[2], w[3]));
                attrs.add(OnnxAttributes.ints("strides", a.strides()[0], a.strides()[1]));
                attrs.add(
                        OnnxAttributes.ints(
                                "pads", Arrays.stream(a.pads()).asLongStream().toArray()));
                attrs.add(OnnxAttributes.of("group", (long) a.group()));
                if (a.dilations()[0] != 1 || a.dilations()[1] != 1) {
                    attrs.add(OnnxAttributes.ints("dilations", a.dilations()[0], a.dilations()[1]));
                }
            }
            case DENSE -> {
                op = "Gemm";
                attrs.add(OnnxAttributes.of("transB", 1L));
            }
            case MAX_POOL, AVG_POOL -> {
                op = node.op() == OpKind.MAX_POOL ? "MaxPool" : "AveragePool";
                attrs.add(OnnxAttributes.ints("kernel_shape", a.kernel()[0], a.kernel()[1]));
                attrs.add(OnnxAttributes.ints("strides", a.strides()[0], a.strides()[1]));
                attrs.add(
                        OnnxAttributes.ints(
                                "pads", Arrays.stream(a.pads()).asLongStream().toArray()));
                if (a.ceilMode()) {
                    attrs.add(OnnxAttributes.of("ceil_mode", 1L));
                }
                if (a.countIncludePad()) {
                    attrs.add(OnnxAttributes.of("count_include_pad", 1L));
                }
                if (a.dilations()[0] != 1 || a.dilations()[1] != 1) {
                    if (node.op() == OpKind.AVG_POOL) {
                        throw unsupported(
                                node,
                                "AveragePool takes dilations only from opset 19; tinyprune writes 13");
                    }
                    attrs.add(OnnxAttributes.ints("dilations", a.dilations()[0], a.dilations()[1]));
                }
            }
            case GLOBAL_AVG_POOL -> op = "GlobalAveragePool";
            case ADD -> op = "Add";
            case CONCAT -> {
                op = "Concat";
                attrs.add(OnnxAttributes.of("axis", (long) a.axis()));
            }
            case RESHAPE -> {
                if (out.rank() == 2) {
                    op = "Flatten";
                    attrs.add(OnnxAttributes.of("axis", 1L));
                } else {
                    op = "Reshape";
                    in = List.of(in.get(0), shape(ctx, node.name() + "_shape", out.shape()));
                }
            }
            case MUL -> op = "Mul";
            case SIGMOID -> op = "Sigmoid";
            case HARD_SWISH -> op = "HardSwish";
            case HARD_SIGMOID -> {
                op = "HardSigmoid";
                float[] alphaBeta = ir.tensor(node.input(1)).floatData();
                attrs.add(OnnxAttributes.of("alpha", alphaBeta[0]));
                attrs.add(OnnxAttributes.of("beta", alphaBeta[1]));
            }
            case PAD -> {
                op = "Pad";
                int[] p = a.pads();
                String name = node.name() + "_pads";
                ctx.model()
                        .initializer(
                                OnnxTensors.int64s(
                                        name,
                                        new long[] {8},
                                        new long[] {0, 0, p[0], p[1], 0, 0, p[2], p[3]}));
                in = List.of(in.get(0), name);
            }
            case TRANSPOSE -> {
                op = "Transpose";
                attrs.add(
                        OnnxAttributes.ints(
                                "perm", Arrays.stream(a.perm()).asLongStream().toArray()));
            }
            case CHANNEL_SHUFFLE -> {
                op = "Reshape";
                in =
                        List.of(
                                shuffleSplit(ctx, node, in.get(0), out),
                                shape(ctx, node.name() + "_shape", out.shape()));
            }
            case CLAMP -> op = null;
            default -> throw unsupported(node, "no QDQ form");
        }
        String value = in.get(0);
        if (op != null) {
            value = node.output() + "_float";
            String name =
                    node.op() == OpKind.CHANNEL_SHUFFLE ? node.name() + "_merge" : node.name();
            ctx.model()
                    .node(
                            op,
                            name,
                            in,
                            List.of(value),
                            attrs.toArray(org.tinyprune.onnx.proto.Onnx.AttributeProto[]::new));
        }
        value = clamp(ctx, node, a.clamp(), value);
        ctx.quantizeDequantize(out, value, node.output());
    }

    /**
     * The first two steps of a channel shuffle as ONNX writes it, each quantised like the shuffle's
     * input and output: Reshape {@code [N, C, H, W]} to {@code [N, g, C/g, H, W]}, Transpose {@code
     * (0, 2, 1, 3, 4)}; the caller reshapes back. Returns the dequantised transposed value.
     */
    private static String shuffleSplit(QdqContext ctx, Node node, String x, Tensor out) {
        int[] s = out.shape();
        int g = node.attributes().group();
        int[] five = {s[0], g, s[1] / g, s[2], s[3]};
        int[] swapped = {s[0], s[1] / g, g, s[2], s[3]};
        Tensor groups =
                Tensor.activation(node.output() + "_groups", five, out.dtype(), out.quantization());
        Tensor transposed =
                Tensor.activation(
                        node.output() + "_swapped", swapped, out.dtype(), out.quantization());
        ctx.model()
                .node(
                        "Reshape",
                        node.name() + "_split",
                        List.of(x, shape(ctx, node.name() + "_groups_shape", five)),
                        List.of(groups.name() + "_float"));
        String split = ctx.quantizeDequantize(groups, groups.name() + "_float", groups.name());
        ctx.model()
                .node(
                        "Transpose",
                        node.name(),
                        List.of(split),
                        List.of(transposed.name() + "_float"),
                        OnnxAttributes.ints("perm", 0, 2, 1, 3, 4));
        return ctx.quantizeDequantize(transposed, transposed.name() + "_float", transposed.name());
    }

    /** An int64 shape initializer for Reshape, the batch dimension left to ONNX ({@code -1}). */
    private static String shape(QdqContext ctx, String name, int[] dims) {
        long[] shape = QdqContext.dims(dims);
        shape[0] = -1;
        ctx.model().initializer(OnnxTensors.int64s(name, new long[] {shape.length}, shape));
        return name;
    }

    private static String clamp(QdqContext ctx, Node node, Clamp c, String value) {
        if (c.isNone()) {
            return value;
        }
        String out = node.output() + "_clamped";
        if (c.equals(Clamp.RELU)) {
            ctx.model().node("Relu", node.name() + "_Relu", List.of(value), List.of(out));
            return out;
        }
        List<String> in = new ArrayList<>(List.of(value, "", ""));
        if (c.min() != Float.NEGATIVE_INFINITY) {
            ctx.model().initializer(OnnxTensors.scalar(node.name() + "_clip_min", c.min()));
            in.set(1, node.name() + "_clip_min");
        }
        if (c.max() != Float.POSITIVE_INFINITY) {
            ctx.model().initializer(OnnxTensors.scalar(node.name() + "_clip_max", c.max()));
            in.set(2, node.name() + "_clip_max");
        }
        ctx.model().node("Clip", node.name() + "_Clip", in, List.of(out));
        return out;
    }

    private static long[] rest(int[] shape) {
        long[] d = new long[shape.length - 1];
        for (int i = 1; i < shape.length; i++) {
            d[i - 1] = shape[i];
        }
        return d;
    }

    private static IllegalArgumentException unsupported(Node node, String why) {
        return new IllegalArgumentException(
                "QDQ export of node '" + node.name() + "' (" + node.op() + "): " + why);
    }
}
