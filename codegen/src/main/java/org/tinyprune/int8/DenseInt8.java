package org.tinyprune.int8;

import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;

/**
 * int8 fully connected layer: {@code acc[o] = bias[o] + Σ_k (x[k] - zpIn) · W[o][k]}, then
 * {@link Requantization#toInt8} with the channel's multiplier.
 */
final class DenseInt8 implements Int8Kernel {

    private final int batch;
    private final int inFeatures;
    private final int outFeatures;
    private final byte[] weights;
    private final int[] bias;
    private final QuantizedMultiplier[] multipliers;
    private final int inputOffset;
    private final int outputZeroPoint;
    private final int actMin;
    private final int actMax;

    DenseInt8(Graph graph, Node node) {
        List<Tensor> in = graph.inputsOf(node);
        Tensor out = graph.outputOf(node);
        int[] x = Int8Checks.shape(node, in.get(0), 2);
        int[] w = Int8Checks.shape(node, in.get(1), 2);
        Quantization qIn = Int8Checks.activation(node, in.get(0));
        Quantization qW = Int8Checks.weight(node, in.get(1));
        Quantization qOut = Int8Checks.activation(node, out);
        batch = x[0];
        inFeatures = x[1];
        outFeatures = w[0];
        weights = in.get(1).int8Data();
        bias = Int8Checks.bias(node, in.size() > 2 ? in.get(2) : null, outFeatures, qIn, qW);
        multipliers = Int8Checks.channelMultipliers(qIn, qW, qOut, outFeatures);
        inputOffset = -qIn.zeroPoint();
        outputZeroPoint = qOut.zeroPoint();
        int[] range = Int8Checks.activationRange(node, qOut);
        actMin = range[0];
        actMax = range[1];
    }

    @Override
    public byte[] run(List<byte[]> inputs) {
        byte[] x = inputs.get(0);
        byte[] y = new byte[batch * outFeatures];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outFeatures; o++) {
                int acc = bias[o];
                int wBase = o * inFeatures;
                int xBase = n * inFeatures;
                for (int k = 0; k < inFeatures; k++) {
                    acc += (x[xBase + k] + inputOffset) * weights[wBase + k];
                }
                y[n * outFeatures + o] =
                        Requantization.toInt8(acc, multipliers[o], outputZeroPoint, actMin, actMax);
            }
        }
        return y;
    }
}
