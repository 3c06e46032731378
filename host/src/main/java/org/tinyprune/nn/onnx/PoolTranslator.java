package org.tinyprune.nn.onnx;

import java.util.Arrays;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.layer.AvgPool2d;
import org.tinyprune.nn.layer.Flatten;
import org.tinyprune.nn.layer.GlobalAvgPool;
import org.tinyprune.nn.layer.MaxPool2d;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * MaxPool and AveragePool (any 2-D window: kernel and strides per axis, pads per side, ceil_mode,
 * count_include_pad), GlobalAveragePool, and ReduceMean over H and W (a global average pool).
 */
final class PoolTranslator {
    private PoolTranslator() {}

    static void maxPool(NodeProto n, Translation t) {
        Attrs a =
                Attrs.of(
                        n,
                        "auto_pad",
                        "ceil_mode",
                        "dilations",
                        "kernel_shape",
                        "pads",
                        "storage_order",
                        "strides");
        if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty() && t.readers(n.getOutput(1)) > 0) {
            throw new Unsupported(
                    "the Indices output is read; only the pooled values are supported");
        }
        if (a.integer("storage_order", 0) != 0) {
            throw new Unsupported("storage_order=1 is not supported");
        }
        pool(n, t, a, true);
    }

    static void averagePool(NodeProto n, Translation t) {
        Attrs a =
                Attrs.of(
                        n,
                        "auto_pad",
                        "ceil_mode",
                        "count_include_pad",
                        "dilations",
                        "kernel_shape",
                        "pads",
                        "strides");
        pool(n, t, a, false);
    }

    private static void pool(NodeProto n, Translation t, Attrs a, boolean max) {
        String x = image(n, t);
        int[] s = t.shape(x);
        Window w = Window.of(a, null, s[1], s[2]);
        if (w.dilationH() != 1 || w.dilationW() != 1) {
            throw new Unsupported(
                    "dilations "
                            + w.dilationH()
                            + ","
                            + w.dilationW()
                            + " are not supported on pools");
        }
        boolean ceil = a.integer("ceil_mode", 0) != 0;
        if (w.top() >= w.kernelH()
                || w.bottom() >= w.kernelH()
                || w.left() >= w.kernelW()
                || w.right() >= w.kernelW()) {
            throw new Unsupported(
                    "pads "
                            + w.pads()
                            + " are not smaller than the "
                            + w.kernelH()
                            + "x"
                            + w.kernelW()
                            + " kernel");
        }
        t.add(
                n.getOutput(0),
                max
                        ? new MaxPool2d(
                                w.kernelH(),
                                w.kernelW(),
                                w.strideH(),
                                w.strideW(),
                                w.top(),
                                w.left(),
                                w.bottom(),
                                w.right(),
                                ceil,
                                s[1],
                                s[2])
                        : new AvgPool2d(
                                w.kernelH(),
                                w.kernelW(),
                                w.strideH(),
                                w.strideW(),
                                w.top(),
                                w.left(),
                                w.bottom(),
                                w.right(),
                                ceil,
                                a.integer("count_include_pad", 0) != 0,
                                s[1],
                                s[2]),
                x);
    }

    static void globalAveragePool(NodeProto n, Translation t) {
        Attrs.of(n);
        t.add(n.getOutput(0), new GlobalAvgPool(), image(n, t));
    }

    /**
     * ReduceMean over axes {2, 3} of N×C×H×W: a global average pool (then a Flatten if keepdims =
     * 0).
     */
    static void reduceMean(NodeProto n, Translation t) {
        Attrs a = Attrs.of(n, "axes", "keepdims", "noop_with_empty_axes");
        String x = image(n, t);
        int[] axes = a.ints("axes", null);
        ConstTensor in = t.optionalConstant(n, 1);
        if (in != null) {
            axes = Arrays.stream(in.longs()).mapToInt(Math::toIntExact).toArray();
        }
        if (axes == null) {
            throw new Unsupported(
                    "ReduceMean over all axes is not supported; only over H and W (axes [2, 3])");
        }
        int[] norm = Arrays.stream(axes).map(ax -> ax < 0 ? ax + 4 : ax).sorted().toArray();
        if (!Arrays.equals(norm, new int[] {2, 3})) {
            throw new Unsupported(
                    "ReduceMean over axes "
                            + Arrays.toString(axes)
                            + " is not supported; only over H and"
                            + " W (axes [2, 3] or [-2, -1])");
        }
        if (a.integer("keepdims", 1) != 0) {
            t.add(n.getOutput(0), new GlobalAvgPool(), x);
        } else {
            String pooled = t.helper(n.getOutput(0) + ".pool", new GlobalAvgPool(), x);
            t.add(n.getOutput(0), new Flatten(), pooled);
        }
    }

    /** Input 0 as a C×H×W graph node. */
    private static String image(NodeProto n, Translation t) {
        String x = t.activation(n, 0);
        int[] s = t.shape(x);
        if (s.length != 3) {
            throw new Unsupported(
                    "input '"
                            + n.getInput(0)
                            + "' has shape "
                            + Shapes.str(Shapes.batched(1, s))
                            + "; only N×C×H×W inputs are supported");
        }
        return x;
    }
}
