package org.tinyprune.plan;

import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;

/**
 * Scratch bytes each kernel asks for, mirroring the {@code _get_buffer_size} companions in {@code
 * tp_kernels.h}: int8 general and 1×1 convolution need {@code 4 * K2} bytes with {@code K = kh * kw
 * * (Cin / groups)} rounded up to even (two int16 im2col columns); an int8 depthwise convolution
 * that runs in place ({@link #mayRunInPlace}, when the planner chooses to) needs its line buffer,
 * {@code min(C, 4) * (E * W + kh * kw)} bytes with {@code E = dilation_h * (kh - 1) + 1} (the
 * window's input rows and the weights of one block of four channels); out-of-place depthwise
 * convolution, dense, pooling, add, concat and every float kernel need none. Dilation does not
 * change the im2col size: a column holds one value per tap, however far apart the taps sit.
 */
public final class KernelScratch {
    private KernelScratch() {}

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
     * True when int8 depthwise {@code node} may run in place ({@code
     * tp_depthwise_conv_in_place_s8}, output written over its input): the input dies here (this
     * node is its only reader; not a graph input, which the caller owns, nor a graph output), it
     * does not share its bytes with another tensor (not the output of an in-place reshape), and the
     * output has the input's shape (stride 1, "same" padding), so the planner's storage slot keeps
     * one size. The kernel's own geometry rule ({@link #inPlaceGeometryOk}) holds then.
     */
    public static boolean mayRunInPlace(Graph g, Node node) {
        if (!isDepthwise(g, node) || g.outputOf(node).dtype() != DType.INT8) {
            return false;
        }
        String in = node.input(0);
        Tensor x = g.tensor(in);
        Tensor y = g.outputOf(node);
        if (g.inputs().contains(in)
                || g.outputs().contains(in)
                || g.outputs().contains(node.output())) {
            return false;
        }
        if (g.consumers(in).size() != 1 || g.consumers(in).get(0) != node) {
            return false;
        }
        Node p = g.producer(in).orElse(null);
        if (p != null && p.op() == OpKind.RESHAPE && DeviceLayout.reshapeIsAlias(g, p)) {
            return false;
        }
        if (x.rank() != 4 || !java.util.Arrays.equals(x.shape(), y.shape())) {
            return false;
        }
        int[] w = g.tensor(node.input(1)).shape();
        return inPlaceGeometryOk(
                x.dim(2),
                x.dim(3),
                w[2],
                node.attributes().strides()[0],
                node.attributes().pads()[0],
                node.attributes().dilations()[0],
                y.dim(2),
                y.dim(3));
    }

    /**
     * The in-place kernel's geometry rule ({@code tp_kernels.h}): the output has no more pixels
     * than the input, and every input row is read into the line buffer before an output row is
     * written over it: with {@code r(oy) = oy * s + max(E - s, 0) - padTop}, each output row {@code
     * oy >= 1} with {@code r(oy) <= h - 1} needs {@code r(oy) * w >= oy * outW}.
     */
    public static boolean inPlaceGeometryOk(
            int h, int w, int kh, int stride, int padTop, int dilation, int outH, int outW) {
        if ((long) outH * outW > (long) h * w) {
            return false;
        }
        long extent = (long) dilation * (kh - 1) + 1;
        long a = Math.max(extent - stride, 0) - padTop;
        for (long oy = 1; oy < outH; oy++) {
            long r = oy * stride + a;
            if (r > h - 1) {
                break;
            }
            if (r * w < oy * outW) {
                return false;
            }
        }
        return true;
    }

    /** The in-place depthwise line buffer: {@code min(C, 4) * (E * W + kh * kw)} bytes. */
    public static int inPlaceBytes(int channels, int width, int kh, int kw, int dilationH) {
        long extent = (long) dilationH * (kh - 1) + 1;
        long bytes = Math.min(channels, 4) * (extent * width + (long) kh * kw);
        if (bytes > Buffers.MAX_BYTES) {
            throw new IllegalArgumentException(
                    "a depthwise line buffer of "
                            + bytes
                            + " bytes is more than one arena "
                            + "can hold ("
                            + Buffers.MAX_BYTES
                            + " bytes)");
        }
        return (int) bytes;
    }

    /**
     * Scratch bytes of {@code node}'s kernel, with every depthwise convolution out of place.
     *
     * @throws IllegalArgumentException naming the node when the scratch would not fit an int
     */
    public static int bytes(Graph g, Node node) {
        return bytes(g, node, false);
    }

    /**
     * Scratch bytes of {@code node}'s kernel, the line buffer of an in-place depthwise convolution
     * when {@code inPlaceDepthwise} and the node {@link #mayRunInPlace may run in place}.
     *
     * @throws IllegalArgumentException naming the node when the scratch would not fit an int
     */
    public static int bytes(Graph g, Node node, boolean inPlaceDepthwise) {
        if (inPlaceDepthwise && mayRunInPlace(g, node)) {
            Tensor x = g.tensor(node.input(0));
            int[] w = g.tensor(node.input(1)).shape();
            try {
                return inPlaceBytes(
                        x.dim(1), x.dim(3), w[2], w[3], node.attributes().dilations()[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "node '" + node.name() + "': " + e.getMessage(), e);
            }
        }
        if (node.op() != OpKind.CONV
                || g.outputOf(node).dtype() != DType.INT8
                || isDepthwise(g, node)) {
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
     * @throws IllegalArgumentException when the scratch would be larger than {@link
     *     Buffers#MAX_BYTES}
     */
    public static int convBytes(int cinPerGroup, int kh, int kw) {
        long k = (long) kh * kw * cinPerGroup;
        long bytes = 2 * ((k + 1) & ~1L) * 2;
        if (bytes > Buffers.MAX_BYTES) {
            throw new IllegalArgumentException(
                    "a "
                            + kh
                            + "x"
                            + kw
                            + " filter over "
                            + cinPerGroup
                            + " channels needs "
                            + bytes
                            + " bytes of im2col scratch, more than one arena can hold ("
                            + Buffers.MAX_BYTES
                            + " bytes)");
        }
        return (int) bytes;
    }
}
