package org.tinyprune.int8;

import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Tensor;

/**
 * int8 fully connected layer over the last axis, for every row of the input: {@code acc[o] =
 * bias[o] + Σ_k (x[k] - zpIn) · W[o][k]}, then {@link Requantization#toInt8} with the channel's
 * multiplier.
 */
final class DenseInt8 implements Int8Kernel {

    private final int batch;
    private final int inFeatures;
    private final int outFeatures;
    private final WeightedLayer layer;

    DenseInt8(Graph graph, Node node) {
        List<Tensor> in = graph.inputsOf(node);
        int[] w = Int8Checks.shape(node, in.get(1), 2);
        inFeatures = w[1];
        batch = (int) (in.get(0).elements() / inFeatures);
        outFeatures = w[0];
        layer = WeightedLayer.of(graph, node, outFeatures);
    }

    @Override
    public byte[] run(List<byte[]> inputs) {
        byte[] x = inputs.get(0);
        byte[] y = new byte[batch * outFeatures];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outFeatures; o++) {
                int acc = layer.bias()[o];
                int wBase = o * inFeatures;
                int xBase = n * inFeatures;
                for (int k = 0; k < inFeatures; k++) {
                    acc += layer.product(x[xBase + k], wBase + k);
                }
                y[n * outFeatures + o] = layer.output(acc, o);
            }
        }
        return y;
    }
}
