package org.tinyprune.int8;

import java.util.Arrays;
import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;

/**
 * int8 convolution (general, 1×1, grouped and depthwise, any dilation), computing exactly what
 * {@link ReferenceConvInt8} defines: {@code acc = bias[o] + Σ (x - zpIn) · w}, padding contributing
 * 0, then {@link Requantization#toInt8}.
 *
 * <p>Fast on the host: per image and group the input is lowered once by {@link Im2Col}; then output
 * channels are taken {@value #BLOCK} at a time and accumulate, tap by tap, their weights times one
 * column row into int32 planes, reading each row once per block instead of once per channel. The
 * inner loop indexes every array with the same plain counter, the form the JIT vectorises (an
 * offset such as {@code columns[row + p]} stops it). Taps whose weights are all zero (pruned) are
 * skipped. Integer sums wrap modulo 2^32 whatever their order, so the result is bit-identical to
 * the reference. Working memory comes from {@link Int8Scratch}, so concurrent calls are safe.
 */
final class ConvInt8 implements Int8Kernel {

    /** Output channels accumulated together. */
    static final int BLOCK = 4;

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
        int[][] columns = scratch.columns(g.taps(), plane);
        int[][] acc = scratch.accumulators(BLOCK, plane);
        for (int n = 0; n < g.batch(); n++) {
            for (int group = 0; group < g.groups(); group++) {
                Im2Col.fill(x, n, group * g.inPerGroup(), g, layer.inputOffset(), columns);
                int first = group * g.outPerGroup();
                int end = first + g.outPerGroup();
                for (int o = first; o < end; o += BLOCK) {
                    int count = Math.min(BLOCK, end - o);
                    if (count == BLOCK) {
                        accumulateBlock(o, columns, acc);
                    } else {
                        for (int i = 0; i < count; i++) {
                            accumulate(o + i, columns, acc[i]);
                        }
                    }
                    for (int i = 0; i < count; i++) {
                        requantize(acc[i], o + i, y, (n * g.outC() + o + i) * plane);
                    }
                }
            }
        }
        return y;
    }

    /** {@code acc[p] = bias[o] + Σ_k w[o][k] · columns[k][p]} over the non-zero weights. */
    private void accumulate(int o, int[][] columns, int[] acc) {
        int plane = g.outPlane();
        int taps = g.taps();
        Arrays.fill(acc, 0, plane, layer.bias()[o]);
        for (int k = 0; k < taps; k++) {
            int w = weights[o * taps + k];
            if (w == 0) {
                continue;
            }
            int[] column = columns[k];
            for (int p = 0; p < plane; p++) {
                acc[p] += w * column[p];
            }
        }
    }

    /** {@link #accumulate} for the {@value #BLOCK} channels {@code o .. o + BLOCK - 1} at once. */
    private void accumulateBlock(int o, int[][] columns, int[][] acc) {
        int plane = g.outPlane();
        int taps = g.taps();
        int[] a0 = acc[0];
        int[] a1 = acc[1];
        int[] a2 = acc[2];
        int[] a3 = acc[3];
        Arrays.fill(a0, 0, plane, layer.bias()[o]);
        Arrays.fill(a1, 0, plane, layer.bias()[o + 1]);
        Arrays.fill(a2, 0, plane, layer.bias()[o + 2]);
        Arrays.fill(a3, 0, plane, layer.bias()[o + 3]);
        for (int k = 0; k < taps; k++) {
            int w0 = weights[o * taps + k];
            int w1 = weights[(o + 1) * taps + k];
            int w2 = weights[(o + 2) * taps + k];
            int w3 = weights[(o + 3) * taps + k];
            if ((w0 | w1 | w2 | w3) == 0) {
                continue;
            }
            int[] column = columns[k];
            for (int p = 0; p < plane; p++) {
                int c = column[p];
                a0[p] += w0 * c;
                a1[p] += w1 * c;
                a2[p] += w2 * c;
                a3[p] += w3 * c;
            }
        }
    }

    /** Writes one channel's requantised outputs to {@code y[yBase ..]}. */
    private void requantize(int[] acc, int o, byte[] y, int yBase) {
        for (int p = 0; p < g.outPlane(); p++) {
            y[yBase + p] = layer.output(acc[p], o);
        }
    }
}
