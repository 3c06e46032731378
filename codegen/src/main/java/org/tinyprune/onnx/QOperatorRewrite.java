package org.tinyprune.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.GraphProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * Restates the QOperator form ONNX Runtime's quantiser writes (integer ops) as the QDQ form the
 * importers and {@link org.tinyprune.pass.FoldQdq} already turn into an int8 graph, before import:
 *
 * <ul>
 *   <li>{@code QLinearConv}, {@code QLinearMatMul}, and from the {@code com.microsoft} domain
 *       {@code QLinearAdd} and {@code QLinearGlobalAveragePool} become DequantizeLinear → float op
 *       → QuantizeLinear; integer weights become symmetric int8 exactly ({@link SymmetricWeights})
 *       and an int32 bias keeps its values at scale {@code x_scale × w_scale};
 *   <li>{@code ConvInteger} / {@code MatMulInteger} followed by {@code Cast(to=FLOAT)} and {@code
 *       Mul} by a constant scale {@code c} (the pattern ONNX Runtime writes) become
 *       DequantizeLinear → Conv / MatMul with weight scale {@code c / x_scale}, where {@code
 *       x_scale} is the scale of the QuantizeLinear that produced the integer input (a static, not
 *       dynamic, quantisation); an integer op whose int32 accumulator goes anywhere else is
 *       refused, naming the node;
 *   <li>an int8/uint8 graph input read only by DequantizeLinear nodes of one per-tensor
 *       quantisation becomes a float input quantised by a QuantizeLinear, and an int8/uint8 graph
 *       output produced by a QuantizeLinear gets a DequantizeLinear, so the int8 graph's input and
 *       output are those integer tensors (uint8 codes as int8 codes minus 128).
 * </ul>
 *
 * A graph without these ops and without integer inputs or outputs is returned unchanged.
 */
public final class QOperatorRewrite {
    private static final String MS = "com.microsoft";

    private final OnnxGraphIndex index;
    private final List<NodeProto> out = new ArrayList<>();
    private final Set<NodeProto> absorbed = Collections.newSetFromMap(new IdentityHashMap<>());

    private QOperatorRewrite(GraphProto g) {
        this.index = new OnnxGraphIndex(g);
    }

    /** The model with its QOperator nodes and integer graph inputs/outputs in QDQ form. */
    public static ModelProto apply(ModelProto model) throws UnsupportedModelException {
        GraphProto g = model.getGraph();
        if (g.getNodeList().stream().noneMatch(QOperatorRewrite::isQOperator)
                && !IntegerGraphIo.needed(g)) {
            return model;
        }
        QOperatorRewrite r = new QOperatorRewrite(g);
        List<NodeProto> nodes = g.getNodeList();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            if (!r.absorbed.contains(n)) {
                r.rewrite(n, n.getName().isEmpty() ? n.getOpType() + "_" + i : n.getName());
            }
        }
        GraphProto.Builder b = g.toBuilder().clearNode().addAllNode(r.out);
        IntegerGraphIo.apply(b, r.index);
        b.addAllInitializer(r.index.added());
        return model.toBuilder().setGraph(b).build();
    }

    private static boolean isQOperator(NodeProto n) {
        boolean dflt = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
        return switch (n.getOpType()) {
            case "QLinearConv", "QLinearMatMul", "ConvInteger", "MatMulInteger" -> dflt;
            case "QLinearAdd", "QLinearGlobalAveragePool" -> n.getDomain().equals(MS);
            default -> false;
        };
    }

    private void rewrite(NodeProto n, String name) throws UnsupportedModelException {
        if (!isQOperator(n)) {
            out.add(n);
            return;
        }
        switch (n.getOpType()) {
            case "QLinearConv" -> qlinearWeighted(n, name, "Conv", 0);
            case "QLinearMatMul" -> qlinearWeighted(n, name, "MatMul", -1);
            case "QLinearAdd" -> qlinearAdd(n, name);
            case "QLinearGlobalAveragePool" -> qlinearPool(n, name);
            default -> integerOp(n, name);
        }
    }

    /** QLinearConv / QLinearMatMul: x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp[, B]. */
    private void qlinearWeighted(NodeProto n, String name, String floatOp, int channelAxis)
            throws UnsupportedModelException {
        QNodes q = new QNodes(index, n, name);
        String x = q.dequantize(0, 1, 2);
        TensorProto w = q.constant(3, "weight");
        int[] shape = InitializerValues.shape(w);
        int axis = channelAxis < 0 ? shape.length - 1 : channelAxis;
        TensorProto b =
                n.getInputCount() > 8 && !n.getInput(8).isEmpty() ? q.constant(8, "bias") : null;
        int[] bias = b == null ? null : q.ints(b, "bias", DataType.INT32);
        SymmetricWeights sw =
                SymmetricWeights.of(
                        q.codes(w, "weight"),
                        shape,
                        axis,
                        q.floats(4, "w_scale"),
                        q.zeroPoints(5, w),
                        bias,
                        "node '"
                                + name
                                + "' ("
                                + n.getOpType()
                                + ") weight '"
                                + n.getInput(3)
                                + "'");
        List<String> inputs = new ArrayList<>(List.of(x, q.weight(n.getInput(3), shape, axis, sw)));
        if (b != null) {
            float xs = q.floats(1, "x_scale")[0];
            inputs.add(q.bias(n.getInput(8), xs, sw));
        }
        String y = index.fresh(n.getOutput(0) + "_real");
        out.addAll(q.nodes());
        out.add(floatNode(floatOp, name, inputs, y, n.getAttributeList()));
        out.add(q.quantize(y, 6, 7, n.getOutput(0)));
    }

    /** com.microsoft QLinearAdd: A, A_scale, A_zp, B, B_scale, B_zp, C_scale, C_zp. */
    private void qlinearAdd(NodeProto n, String name) throws UnsupportedModelException {
        QNodes q = new QNodes(index, n, name);
        String a = q.dequantize(0, 1, 2);
        String b = q.dequantize(3, 4, 5);
        String y = index.fresh(n.getOutput(0) + "_real");
        out.addAll(q.nodes());
        out.add(floatNode("Add", name, List.of(a, b), y, List.of()));
        out.add(q.quantize(y, 6, 7, n.getOutput(0)));
    }

    /** com.microsoft QLinearGlobalAveragePool: X, x_scale, x_zp, y_scale, y_zp (NCHW only). */
    private void qlinearPool(NodeProto n, String name) throws UnsupportedModelException {
        if (OnnxAttributes.getInt(n, "channels_last", 0) != 0) {
            throw new UnsupportedModelException(
                    name, n.getOpType(), "channels_last=1 is not supported (NCHW only)");
        }
        QNodes q = new QNodes(index, n, name);
        String x = q.dequantize(0, 1, 2);
        String y = index.fresh(n.getOutput(0) + "_real");
        out.addAll(q.nodes());
        out.add(floatNode("GlobalAveragePool", name, List.of(x), y, List.of()));
        out.add(q.quantize(y, 3, 4, n.getOutput(0)));
    }

    /** ConvInteger / MatMulInteger (x, w, x_zp, w_zp) → Cast(to=FLOAT) → Mul(constant scale). */
    private void integerOp(NodeProto n, String name) throws UnsupportedModelException {
        boolean conv = n.getOpType().equals("ConvInteger");
        NodeProto cast = single(n.getOutput(0));
        NodeProto mul =
                cast == null
                                || !cast.getOpType().equals("Cast")
                                || OnnxAttributes.getInt(cast, "to", 0) != DataType.FLOAT_VALUE
                        ? null
                        : single(cast.getOutput(0));
        int factorInput =
                mul == null || !mul.getOpType().equals("Mul")
                        ? -1
                        : mul.getInput(0).equals(cast.getOutput(0)) ? 1 : 0;
        TensorProto factor = factorInput < 0 ? null : index.constant(mul.getInput(factorInput));
        if (factor == null || InitializerValues.type(factor) != DataType.FLOAT) {
            throw new UnsupportedModelException(
                    name,
                    n.getOpType(),
                    "its int32 accumulator must feed only a "
                            + "Cast(to=FLOAT) whose result feeds only a Mul by a constant float scale (the pattern ONNX Runtime "
                            + "writes), which folds into an int8 "
                            + (conv ? "convolution" : "dense layer")
                            + "; an int32 "
                            + "output cannot be produced by the int8 kernels");
        }
        absorbed.add(cast);
        absorbed.add(mul);
        QNodes q = new QNodes(index, n, name);
        QNodes.InputQuantisation xq = q.inputQuantisation();
        String x = q.dequantize(0, xq.scale(), xq.zeroPoint());
        TensorProto w = q.constant(1, "weight");
        int[] shape = InitializerValues.shape(w);
        int axis = conv ? 0 : shape.length - 1;
        float[] c =
                channelFactor(
                        InitializerValues.floats(factor),
                        InitializerValues.shape(factor),
                        shape[axis],
                        conv,
                        name,
                        n.getOpType());
        float[] ws = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            ws[i] = c[i] / xq.scale();
        }
        SymmetricWeights sw =
                SymmetricWeights.of(
                        q.codes(w, "weight"),
                        shape,
                        axis,
                        ws,
                        q.zeroPoints(3, w),
                        null,
                        "node '"
                                + name
                                + "' ("
                                + n.getOpType()
                                + ") weight '"
                                + n.getInput(1)
                                + "'");
        String weight = q.weight(n.getInput(1), shape, axis, sw);
        out.addAll(q.nodes());
        out.add(
                floatNode(
                        conv ? "Conv" : "MatMul",
                        name,
                        List.of(x, weight),
                        mul.getOutput(0),
                        n.getAttributeList()));
    }

    /**
     * The Mul factor as one value per output channel (it may be a scalar or broadcast along that
     * channel).
     */
    private static float[] channelFactor(
            float[] c, int[] shape, int channels, boolean conv, String name, String op)
            throws UnsupportedModelException {
        int size = 1;
        int nonUnit = -1;
        for (int d = 0; d < shape.length; d++) {
            size *= shape[d];
            nonUnit = shape[d] != 1 ? d : nonUnit;
        }
        int channelDim = conv ? shape.length - 3 : shape.length - 1;
        if (size == 1) {
            float[] r = new float[channels];
            java.util.Arrays.fill(r, c[0]);
            return r;
        }
        if (size == channels && nonUnit == channelDim && channelDim >= 0) {
            return c;
        }
        throw new UnsupportedModelException(
                name,
                op,
                "the scale it is multiplied by has shape "
                        + java.util.Arrays.toString(shape)
                        + "; only a scalar or one value per output channel folds into weights");
    }

    private NodeProto single(String value) {
        List<NodeProto> users = index.consumers(value);
        return users.size() == 1 && !index.isGraphOutput(value) ? users.get(0) : null;
    }

    private static NodeProto floatNode(
            String op,
            String name,
            List<String> inputs,
            String output,
            List<AttributeProto> attributes) {
        return NodeProto.newBuilder()
                .setOpType(op)
                .setName(name)
                .addAllInput(inputs)
                .addOutput(output)
                .addAllAttribute(attributes)
                .build();
    }
}
