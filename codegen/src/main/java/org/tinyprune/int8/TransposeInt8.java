package org.tinyprune.int8;

import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;

/**
 * int8 TRANSPOSE and CHANNEL_SHUFFLE in the IR's logical (row-major) order: a permutation of the
 * values, computed once as a gather table. Input and output share one quantisation.
 */
final class TransposeInt8 implements Int8Kernel {

    private final int[] source;

    TransposeInt8(Graph graph, Node node) {
        Tensor in = graph.inputsOf(node).get(0);
        Tensor out = graph.outputOf(node);
        Int8Checks.activation(node, in);
        Int8Checks.activation(node, out);
        Int8Checks.sameQuantization(node, in, out);
        int[] shape = in.shape();
        int[] perm;
        if (node.op() == OpKind.CHANNEL_SHUFFLE) {
            int g = node.attributes().group();
            shape = new int[] {shape[0], g, shape[1] / g, shape[2] * shape[3]};
            perm = new int[] {0, 2, 1, 3};
        } else {
            perm = node.attributes().perm();
        }
        source = gather(shape, perm);
    }

    /** For each output element (row-major over the permuted shape) the input element it copies. */
    static int[] gather(int[] shape, int[] perm) {
        int r = shape.length;
        int[] stride = new int[r];
        int n = 1;
        for (int d = r - 1; d >= 0; d--) {
            stride[d] = n;
            n *= shape[d];
        }
        int[] src = new int[n];
        int[] coord = new int[r];
        for (int o = 0; o < n; o++) {
            int rest = o;
            for (int k = r - 1; k >= 0; k--) {
                coord[k] = rest % shape[perm[k]];
                rest /= shape[perm[k]];
            }
            int at = 0;
            for (int k = 0; k < r; k++) {
                at += coord[k] * stride[perm[k]];
            }
            src[o] = at;
        }
        return src;
    }

    @Override
    public byte[] run(List<byte[]> inputs) {
        byte[] x = inputs.get(0);
        byte[] y = new byte[source.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[source[i]];
        }
        return y;
    }
}
