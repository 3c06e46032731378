package org.tinyprune.plan;

import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;

/**
 * Scratch bytes each kernel asks for, mirroring the {@code _get_buffer_size} companions in
 * {@code tp_kernels.h}: int8 general and 1×1 convolution need {@code 4 * K2} bytes with
 * {@code K = kh * kw * (Cin / groups)} rounded up to even (two int16 im2col columns); depthwise
 * convolution, dense, pooling, add, concat and every float kernel need none. Dilation does not
 * change the size: a column holds one value per tap, however far apart the taps sit.
 */
public final class KernelScratch {
    private KernelScratch() {
    }

    /** True when the emitter runs {@code node} with the depthwise kernel (group = Cin = Cout). */
    public static boolean isDepthwise(Graph g, Node node) {
        if (node.op() != OpKind.CONV) {
            return false;
        }
        int g0 = node.attributes().group();
        Tensor x = g.tensor(node.input(0));
        Tensor y = g.outputOf(node);
        return g0 > 1 && g0 == x.dim(1) && g0 == y.dim(1);
    }

    /**
     * Scratch bytes of {@code node}'s kernel.
     *
     * @throws IllegalArgumentException naming the node when the scratch would not fit an int
     */
    public static int bytes(Graph g, Node node) {
        if (node.op() != OpKind.CONV || g.outputOf(node).dtype() != DType.INT8 || isDepthwise(g, node)) {
            return 0;
        }
        int[] w = g.tensor(node.input(1)).shape();
        try {
            return convBytes(w[1], w[2], w[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node '" + node.name() + "': " + e.getMessage(), e);
        }
    }

    /**
     * The int8 conv rule for a filter of {@code cinPerGroup} channels and a {@code kh × kw} window.
     *
     * @throws IllegalArgumentException when the scratch would be larger than {@link Buffers#MAX_BYTES}
     */
    public static int convBytes(int cinPerGroup, int kh, int kw) {
        long k = (long) kh * kw * cinPerGroup;
        long bytes = 2 * ((k + 1) & ~1L) * 2;
        if (bytes > Buffers.MAX_BYTES) {
            throw new IllegalArgumentException("a " + kh + "x" + kw + " filter over " + cinPerGroup
                    + " channels needs " + bytes + " bytes of im2col scratch, more than one arena can hold ("
                    + Buffers.MAX_BYTES + " bytes)");
        }
        return (int) bytes;
    }
}
