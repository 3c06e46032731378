package org.tinyprune.emit;

import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.plan.KernelScratch;
import org.tinyprune.plan.StreamChain;

/**
 * A streamed chain ({@link StreamChain}, chosen by the planner) → one {@code tp_stream_chain_s8}
 * call at its first node's step, over a {@code tp_stream_layer} per node: the convolutions'
 * weights, biases and requantisation laid out as {@link ConvEmitter} lays them out, the pools'
 * windows as {@link PoolEmitter} does. The chain's other nodes emit nothing; its line buffers are
 * the first node's scratch. Each layer names its kernel ({@code .conv_kernel} or {@code
 * .pool_kernel}): the driver references none, so the image links only the kernels its chains use
 * ({@code --gc-sections} drops the rest), as the resource model prices it.
 */
final class StreamEmitter {
    private StreamEmitter() {}

    /**
     * Checks and prepares a chain.
     *
     * @throws UnsupportedModelException naming the node when a layer cannot be emitted exactly
     */
    static OpEmitter.Emission resolve(StreamChain chain, EmitContext ctx)
            throws UnsupportedModelException {
        Graph g = ctx.graph();
        List<Node> nodes = chain.nodes().stream().map(i -> g.nodes().get(i)).toList();
        StringBuilder decl = new StringBuilder();
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            layers.append(i == 0 ? "" : ",\n")
                    .append("            ")
                    .append(layer(nodes.get(i), i, ctx, decl));
        }
        Node head = nodes.get(0);
        Node tail = nodes.get(nodes.size() - 1);
        Tensor x = g.tensor(head.input(0));
        String inShape = ctx.shape(head, x);
        String scratch = ctx.scratch(head, chain.scratchBytes(g));
        String inPtr = ctx.ptr(x.name());
        String outPtr = ctx.ptr(tail.output());
        int n = nodes.size();
        return body ->
                body.append(decl)
                        .append("        static const tp_stream_layer layers[")
                        .append(n)
                        .append("] = {\n")
                        .append(layers)
                        .append("\n        };\n")
                        .append("        static const tp_shape in_shape = ")
                        .append(inShape)
                        .append(";\n")
                        .append("        const tp_scratch scratch = ")
                        .append(scratch)
                        .append(";\n")
                        .append("        st = tp_stream_chain_s8(&scratch, ")
                        .append(n)
                        .append(", layers, &in_shape, ")
                        .append(inPtr)
                        .append(", ")
                        .append(outPtr)
                        .append(");\n");
    }

    /**
     * The {@code tp_stream_layer} initialiser of node {@code n}, its quantisation structs added to
     * {@code decl}.
     */
    private static String layer(Node n, int i, EmitContext ctx, StringBuilder decl)
            throws UnsupportedModelException {
        Graph g = ctx.graph();
        Tensor x = g.tensor(n.input(0));
        Tensor y = g.outputOf(n);
        int[] s = n.attributes().strides();
        int[] p = n.attributes().pads();
        int[] d = n.attributes().dilations();
        String out = ".output_shape = " + ctx.shape(n, y);
        if (n.op() != OpKind.CONV) {
            Int8Checks.sameQuantization(n, x, y);
            int[] k = n.attributes().kernel();
            int[] r = Int8Params.actRange(n, y);
            boolean counted = n.op() == OpKind.AVG_POOL && n.attributes().countIncludePad();
            int padValue = counted ? x.quantization().zeroPoint() : 0;
            boolean max = n.op() == OpKind.MAX_POOL;
            return "{.op = "
                    + (max ? "TP_STREAM_MAX_POOL" : "TP_STREAM_AVG_POOL")
                    + ", "
                    + out
                    + ", .pool = {"
                    + k[0]
                    + ", "
                    + k[1]
                    + ", "
                    + s[0]
                    + ", "
                    + s[1]
                    + ", "
                    + p[0]
                    + ", "
                    + p[1]
                    + ", "
                    + d[0]
                    + ", "
                    + d[1]
                    + ", "
                    + p[2]
                    + ", "
                    + p[3]
                    + ", "
                    + (counted ? 1 : 0)
                    + ", "
                    + padValue
                    + "}, .act_min = "
                    + r[0]
                    + ", .act_max = "
                    + r[1]
                    + ", .pool_kernel = "
                    + (max ? "tp_max_pool_s8" : "tp_avg_pool_s8")
                    + "}";
        }
        Tensor w = g.tensor(n.input(1));
        Tensor b = n.inputs().size() > 2 ? g.tensor(n.input(2)) : null;
        String base = ctx.cName(n.name());
        int[] ws = w.shape();
        boolean dw = KernelScratch.isDepthwise(g, n);
        int[] perm =
                dw
                        ? Layouts.depthwiseFilter(ws[0], ws[2], ws[3])
                        : Layouts.convFilter(ws[0], ws[1], ws[2], ws[3]);
        String filterShape =
                dw
                        ? "{1, " + ws[2] + ", " + ws[3] + ", " + ws[0] + "}"
                        : "{" + ws[0] + ", " + ws[2] + ", " + ws[3] + ", " + ws[1] + "}";
        String weights = ctx.int8Array(base + "_weights", Layouts.apply(w.int8Data(), perm));
        String bias = Int8Params.bias(ctx, base, n, x, w, b);
        String quant = Int8Params.channelQuant(ctx, base, x, w, y);
        decl.append("        static const tp_quant_io io_")
                .append(i)
                .append(" = ")
                .append(Int8Params.io(n, x, y))
                .append(";\n        static const tp_channel_quant quant_")
                .append(i)
                .append(" = ")
                .append(quant)
                .append(";\n");
        return "{.op = "
                + (dw ? "TP_STREAM_DEPTHWISE" : "TP_STREAM_CONV")
                + ", "
                + out
                + ", .conv = {"
                + s[0]
                + ", "
                + s[1]
                + ", "
                + p[0]
                + ", "
                + p[1]
                + ", "
                + d[0]
                + ", "
                + d[1]
                + ", "
                + n.attributes().group()
                + "}, .io = &io_"
                + i
                + ", .quant = &quant_"
                + i
                + ", .filter_shape = "
                + filterShape
                + ", .filter = "
                + weights
                + ", .bias = "
                + bias
                + ", .conv_kernel = "
                + (dw ? "tp_depthwise_conv_s8" : "tp_conv_wrapper_s8")
                + "}";
    }
}
