package org.tinyprune.int8;

import java.util.Arrays;
import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;

/**
 * int8 convolution (general, 1×1, grouped and depthwise), computing exactly what
 * {@link ReferenceConvInt8} defines: {@code acc = bias[o] + Σ (x - zpIn) · w}, padding
 * contributing 0, then {@link Requantization#toInt8}.
 *
 * <p>Fast on the host: per image and group the input is lowered once by {@link Im2Col}; then each
 * output channel accumulates, tap by tap, a weight times a column row into an int32 plane, a
 * unit-stride loop the JIT vectorises, and zero (pruned) weights are skipped. Integer sums wrap
 * modulo 2^32 whatever their order, so the result is bit-identical to the reference. Working
 * memory comes from {@link Int8Scratch}, so concurrent calls are safe.
 */
final class ConvInt8 implements Int8Kernel {

    private final ConvGeometry g;
    private final WeightedLayer layer;
    private final int[] weights;

    ConvInt8(Graph graph, Node node) {
        g = ConvGeometry.of(graph, node);
        layer = WeightedLayer.of(graph, node, g.outC());
        byte[] w = layer.weights();
        weights = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            weights[i] = w[i];
        }
    }

    @Override
    public byte[] run(List<byte[]> inputs) {
        byte[] x = inputs.get(0);
        int plane = g.outPlane();
        byte[] y = new byte[g.batch() * g.outC() * plane];
        Int8Scratch scratch = Int8Scratch.get();
        int[] columns = scratch.columns(g.taps() * plane);
        int[] acc = scratch.accumulators(plane);
        for (int n = 0; n < g.batch(); n++) {
            for (int group = 0; group < g.groups(); group++) {
                Im2Col.fill(x, n, group * g.inPerGroup(), g, layer.inputOffset(), columns);
                for (int j = 0; j < g.outPerGroup(); j++) {
                    int o = group * g.outPerGroup() + j;
                    accumulate(o, columns, acc);
                    int yBase = (n * g.outC() + o) * plane;
                    for (int p = 0; p < plane; p++) {
                        y[yBase + p] = layer.output(acc[p], o);
                    }
                }
            }
        }
        return y;
    }

    /** {@code acc[p] = bias[o] + Σ_k w[o][k] · columns[k][p]} over the non-zero weights. */
    private void accumulate(int o, int[] columns, int[] acc) {
        int plane = g.outPlane();
        int taps = g.taps();
        Arrays.fill(acc, 0, plane, layer.bias()[o]);
        for (int k = 0; k < taps; k++) {
            int w = weights[o * taps + k];
            if (w == 0) {
                continue;
            }
            int row = k * plane;
            for (int p = 0; p < plane; p++) {
                acc[p] += w * columns[row + p];
            }
        }
    }
}
