package org.tinyprune.int8;

import java.util.Arrays;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;

/**
 * Checks a quantised node's tensors against what the int8 kernels accept, and derives the
 * parameters every kernel shares (per-channel multipliers, activation range). Each failure names
 * the node, the tensor, the bad value and the fix.
 */
final class Int8Checks {

    private Int8Checks() {}

    /** Requires an int8 activation with per-tensor quantisation and a zero point in [-128, 127]. */
    static Quantization activation(Node node, Tensor t) {
        Quantization q = t.quantization();
        if (t.dtype() != DType.INT8 || q == null || q.isPerAxis()) {
            throw fail(
                    node,
                    "tensor '"
                            + t.name()
                            + "' is "
                            + t.dtype()
                            + " "
                            + q
                            + "; int8 kernels need int8 activations with per-tensor quantisation (quantise the graph)");
        }
        if (q.zeroPoint() < -128 || q.zeroPoint() > 127) {
            throw fail(
                    node,
                    "tensor '"
                            + t.name()
                            + "' has zero point "
                            + q.zeroPoint()
                            + " outside [-128, 127]");
        }
        return q;
    }

    /**
     * Requires an int8 weight, symmetric (zero points 0), per output channel on axis 0 or per
     * tensor.
     */
    static Quantization weight(Node node, Tensor w) {
        Quantization q = w.quantization();
        if (w.dtype() != DType.INT8 || !w.isConstant() || q == null) {
            throw fail(
                    node,
                    "weight '"
                            + w.name()
                            + "' is "
                            + w
                            + "; expected an int8 constant with quantisation");
        }
        if (q.isPerAxis() && q.axis() != 0) {
            throw fail(
                    node,
                    "weight '"
                            + w.name()
                            + "' is quantised on axis "
                            + q.axis()
                            + "; int8 kernels need per-output-channel scales on axis 0");
        }
        for (int zp : q.zeroPoints()) {
            if (zp != 0) {
                throw fail(
                        node,
                        "weight '"
                                + w.name()
                                + "' has zero point "
                                + zp
                                + "; weights must be symmetric (0)");
            }
        }
        return q;
    }

    /** The bias values (int32, scale = input scale × weight scale), or zeros when absent. */
    static int[] bias(Node node, Tensor bias, int channels, Quantization in, Quantization w) {
        if (bias == null) {
            return new int[channels];
        }
        if (bias.dtype() != DType.INT32 || !bias.isConstant() || bias.quantization() == null) {
            throw fail(
                    node, "bias '" + bias.name() + "' is " + bias + "; expected an int32 constant");
        }
        for (int o = 0; o < channels; o++) {
            double expect = (double) in.scale() * w.scale(o);
            double got = bias.quantization().scale(o);
            if (Math.abs(got - expect) > 1e-5 * expect) {
                throw fail(
                        node,
                        "bias '"
                                + bias.name()
                                + "' channel "
                                + o
                                + " has scale "
                                + got
                                + ", expected input scale × weight scale = "
                                + expect);
            }
        }
        return bias.int32Data();
    }

    /** Per-output-channel multipliers {@code inScale * wScale[o] / outScale}. */
    static QuantizedMultiplier[] channelMultipliers(
            Quantization in, Quantization w, Quantization out, int channels) {
        QuantizedMultiplier[] m = new QuantizedMultiplier[channels];
        for (int o = 0; o < channels; o++) {
            m[o] = Requantization.channelMultiplier(in.scale(), w.scale(o), out.scale());
        }
        return m;
    }

    /** The int8 clamp {act_min, act_max} of the node's fused activation on its output. */
    static int[] activationRange(Node node, Quantization out) {
        Clamp c = node.attributes().clamp();
        return c.int8Range(out.scale(), out.zeroPoint());
    }

    /** Requires the output to carry exactly the input's quantisation (pooling, concat, reshape). */
    static void sameQuantization(Node node, Tensor in, Tensor out) {
        if (!in.quantization().equals(out.quantization())) {
            throw fail(
                    node,
                    "output '"
                            + out.name()
                            + "' is quantised "
                            + out.quantization()
                            + " but input '"
                            + in.name()
                            + "' is "
                            + in.quantization()
                            + "; this op needs equal scale and zero point");
        }
    }

    /** The shape of a tensor, checked to have the given rank. */
    static int[] shape(Node node, Tensor t, int rank) {
        if (t.rank() != rank) {
            throw fail(
                    node,
                    "tensor '"
                            + t.name()
                            + "' has shape "
                            + Arrays.toString(t.shape())
                            + "; expected rank "
                            + rank);
        }
        return t.shape();
    }

    static IllegalArgumentException fail(Node node, String why) {
        return new IllegalArgumentException(
                "int8 node '" + node.name() + "' (" + node.op() + "): " + why);
    }
}
