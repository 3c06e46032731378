package org.tinyprune.export;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.onnx.OnnxAttributes;

/** Emitters for the layers with weights: convolution, dense and BatchNorm. */
final class WeightedEmitters {

    private WeightedEmitters() {}

    /**
     * Conv2d → ONNX Conv (group, kernel_shape, strides, symmetric pads, dilations), with the
     * following BatchNorm folded in when planned.
     */
    static void conv(ExportContext ctx, Node node) {
        Conv2d conv = (Conv2d) node.layer();
        List<String> in = new ArrayList<>(ctx.inputValues(node));
        BatchNorm2d bn = ctx.foldedBatchNorm(node.name());
        if (bn == null) {
            in.add(ctx.initializer(node, conv.weight()));
            if (conv.hasBias()) {
                in.add(ctx.initializer(node, conv.bias()));
            }
        } else {
            float[] bias = conv.hasBias() ? conv.bias().values() : null;
            BatchNormFolding.Folded f =
                    BatchNormFolding.fold(conv.weight().values(), bias, conv.outChannels(), bn);
            in.add(ctx.initializer(node.name() + ".weight", conv.weight().shape(), f.weight()));
            in.add(
                    ctx.initializer(
                            node.name() + ".bias", new int[] {conv.outChannels()}, f.bias()));
        }
        ctx.emit(
                "Conv",
                node,
                in,
                OnnxAttributes.ints("kernel_shape", conv.kernelH(), conv.kernelW()),
                OnnxAttributes.ints("strides", conv.stride(), conv.stride()),
                OnnxAttributes.ints("pads", conv.padH(), conv.padW(), conv.padH(), conv.padW()),
                OnnxAttributes.ints("dilations", conv.dilationH(), conv.dilationW()),
                OnnxAttributes.of("group", (long) conv.groups()));
    }

    /**
     * Dense → Gemm(x, W, b, transB = 1) with W stored [out, in] as ours is, or MatMul(x, Wᵀ)
     * followed by Add(b) with Wᵀ stored [in, out].
     */
    static void dense(ExportContext ctx, Node node) {
        Dense dense = (Dense) node.layer();
        String x = ctx.inputValues(node).get(0);
        String bias = ctx.initializer(node, dense.bias());
        if (ctx.options().denseAsGemm()) {
            String w = ctx.initializer(node, dense.weight());
            ctx.emit("Gemm", node, List.of(x, w, bias), OnnxAttributes.of("transB", 1L));
            return;
        }
        int in = dense.inFeatures();
        int out = dense.outFeatures();
        float[] w = dense.weight().values();
        float[] wt = new float[w.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                wt[i * out + o] = w[o * in + i];
            }
        }
        String weightT = ctx.initializer(node.name() + ".weight_t", new int[] {in, out}, wt);
        String product = node.name() + ".matmul";
        ctx.emitAs("MatMul", product, product, List.of(x, weightT));
        ctx.emit("Add", node, List.of(product, bias));
    }

    /** BatchNorm2d → BatchNormalization (eval: running statistics), unless folded away. */
    static void batchNorm(ExportContext ctx, Node node) {
        if (ctx.isFolded(node.name())) {
            ctx.alias(node.name(), ctx.value(node.inputs().get(0)));
            return;
        }
        BatchNorm2d bn = (BatchNorm2d) node.layer();
        List<String> in =
                List.of(
                        ctx.inputValues(node).get(0),
                        ctx.initializer(node, bn.gamma()),
                        ctx.initializer(node, bn.beta()),
                        ctx.initializer(node, bn.runningMean()),
                        ctx.initializer(node, bn.runningVar()));
        ctx.emit(
                "BatchNormalization",
                node,
                in,
                OnnxAttributes.of("epsilon", bn.eps()),
                OnnxAttributes.of("momentum", 1f - bn.momentum()));
    }
}
