package org.tinyprune.int8;

import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Tensor;

/**
 * The shapes and sliding window of one int8 convolution (NCHW input, OIHW weights), read once from
 * its node and shared by {@link ConvInt8} and {@link ReferenceConvInt8}.
 *
 * @param batch images per call
 * @param inC input channels
 * @param inH input height
 * @param inW input width
 * @param outC output channels
 * @param outH output height
 * @param outW output width
 * @param kh kernel height
 * @param kw kernel width
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padTop zero rows above the input (the input zero point, i.e. offset value 0)
 * @param padLeft zero columns left of the input
 * @param groups channel groups (1: dense conv, {@code inC}: depthwise)
 * @param dilationH vertical tap spacing: tap {@code ky} of output row {@code oy} reads input row
 *     {@code oy · strideH - padTop + ky · dilationH}
 * @param dilationW horizontal tap spacing, likewise
 */
record ConvGeometry(
        int batch,
        int inC,
        int inH,
        int inW,
        int outC,
        int outH,
        int outW,
        int kh,
        int kw,
        int strideH,
        int strideW,
        int padTop,
        int padLeft,
        int groups,
        int dilationH,
        int dilationW) {

    /**
     * Reads and checks the geometry of a conv node whose inputs are (activation, weight[, bias]).
     *
     * @param graph the graph holding the node
     * @param node the conv node
     * @return the geometry
     * @throws IllegalArgumentException naming the node if a tensor is not rank 4
     */
    static ConvGeometry of(Graph graph, Node node) {
        List<Tensor> in = graph.inputsOf(node);
        int[] x = Int8Checks.shape(node, in.get(0), 4);
        int[] w = Int8Checks.shape(node, in.get(1), 4);
        int[] y = Int8Checks.shape(node, graph.outputOf(node), 4);
        int[] strides = node.attributes().strides();
        int[] pads = node.attributes().pads();
        int[] dilations = node.attributes().dilations();
        return new ConvGeometry(
                x[0],
                x[1],
                x[2],
                x[3],
                y[1],
                y[2],
                y[3],
                w[2],
                w[3],
                strides[0],
                strides[1],
                pads[0],
                pads[1],
                node.attributes().group(),
                dilations[0],
                dilations[1]);
    }

    /** Input channels each output channel reads. */
    int inPerGroup() {
        return inC / groups;
    }

    /** Output channels per group. */
    int outPerGroup() {
        return outC / groups;
    }

    /** Weights per output channel: {@code inPerGroup · kh · kw}. */
    int taps() {
        return inPerGroup() * kh * kw;
    }

    /** Output positions per channel: {@code outH · outW}. */
    int outPlane() {
        return outH * outW;
    }
}
