package org.tinyprune.int8;

import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;

/**
 * The quantisation set-up every weighted int8 node (convolution, fully connected) derives before it
 * can run, checked once by {@link Int8Checks}: the int8 weights, the int32 bias, one requantisation
 * multiplier per output channel, the input offset ({@code -zpIn}), the output zero point and the
 * activation clamp. A node's accumulator is {@code bias[o]} plus a sum of {@link #product(int,
 * int)} terms; {@link #output(int, int)} turns it into the int8 result.
 *
 * @param weights the int8 weights, in the weight tensor's layout
 * @param bias one int32 bias per output channel (zeros when the node has none)
 * @param multipliers one requantisation multiplier per output channel
 * @param inputOffset added to every input value, the negated input zero point
 * @param outputZeroPoint the output zero point
 * @param actMin the lower output clamp (the fused activation's, or -128)
 * @param actMax the upper output clamp (the fused activation's, or 127)
 */
record WeightedLayer(
        byte[] weights,
        int[] bias,
        QuantizedMultiplier[] multipliers,
        int inputOffset,
        int outputZeroPoint,
        int actMin,
        int actMax) {

    /**
     * Derives and checks the set-up of a node whose inputs are (activation, weight[, bias]).
     *
     * @param graph the graph holding the node
     * @param node the conv or dense node
     * @param outChannels the node's output channels
     * @return the set-up
     * @throws IllegalArgumentException naming the node if a quantisation or the bias is invalid
     */
    static WeightedLayer of(Graph graph, Node node, int outChannels) {
        List<Tensor> in = graph.inputsOf(node);
        Quantization qIn = Int8Checks.activation(node, in.get(0));
        Quantization qW = Int8Checks.weight(node, in.get(1));
        Quantization qOut = Int8Checks.activation(node, graph.outputOf(node));
        int[] bias = Int8Checks.bias(node, in.size() > 2 ? in.get(2) : null, outChannels, qIn, qW);
        QuantizedMultiplier[] multipliers =
                Int8Checks.channelMultipliers(qIn, qW, qOut, outChannels);
        int[] range = Int8Checks.activationRange(node, qOut);
        return new WeightedLayer(
                in.get(1).int8Data(),
                bias,
                multipliers,
                -qIn.zeroPoint(),
                qOut.zeroPoint(),
                range[0],
                range[1]);
    }

    /**
     * One term of an accumulator: {@code (x - zpIn) · w}.
     *
     * @param x an int8 input value
     * @param weightIndex index of the weight it meets in {@link #weights()}
     * @return the product, exact in int32
     */
    int product(int x, int weightIndex) {
        return (x + inputOffset) * weights[weightIndex];
    }

    /**
     * Requantises one accumulator of a channel (bias already added).
     *
     * @param acc the int32 accumulator
     * @param channel the output channel
     * @return the int8 output value
     */
    byte output(int acc, int channel) {
        return Requantization.toInt8(acc, multipliers[channel], outputZeroPoint, actMin, actMax);
    }
}
