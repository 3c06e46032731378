package org.tinyprune.emit;

import org.tinyprune.int8.QuantizedMultiplier;
import org.tinyprune.int8.Requantization;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * Quantisation parameters of conv-like int8 layers, derived with the same {@link
 * org.tinyprune.int8} code as the reference interpreter so both hold identical integers.
 */
final class Int8Params {
    private Int8Params() {}

    /** The {@code tp_quant_io} initialiser: input offset, output offset, act_min, act_max. */
    static String io(Node n, Tensor in, Tensor out) {
        int[] r = actRange(n, out);
        return "{"
                + -in.quantization().zeroPoint()
                + ", "
                + out.quantization().zeroPoint()
                + ", "
                + r[0]
                + ", "
                + r[1]
                + "}";
    }

    /** {act_min, act_max} of the node's clamp at the output's quantisation. */
    static int[] actRange(Node n, Tensor out) {
        Quantization q = out.quantization();
        return n.attributes().clamp().int8Range(q.scale(), q.zeroPoint());
    }

    /**
     * Declares {@code <name>_multiplier} and {@code <name>_shift}; returns the {@code
     * tp_channel_quant} initialiser.
     */
    static String channelQuant(EmitContext ctx, String base, Tensor in, Tensor w, Tensor out) {
        int c = w.dim(0);
        int[] mult = new int[c];
        int[] shift = new int[c];
        for (int o = 0; o < c; o++) {
            QuantizedMultiplier m =
                    Requantization.channelMultiplier(
                            in.quantization().scale(),
                            w.quantization().scale(o),
                            out.quantization().scale());
            mult[o] = m.multiplier();
            shift[o] = m.shift();
        }
        return "{"
                + ctx.int32Array(base + "_multiplier", mult)
                + ", "
                + ctx.int32Array(base + "_shift", shift)
                + "}";
    }

    /** The bias array name, or NULL; checks its scale is input scale × weight scale. */
    static String bias(EmitContext ctx, String base, Node n, Tensor in, Tensor w, Tensor b)
            throws UnsupportedModelException {
        if (b == null) {
            return "NULL";
        }
        for (int o = 0; o < w.dim(0); o++) {
            double expect = (double) in.quantization().scale() * w.quantization().scale(o);
            if (Math.abs(b.quantization().scale(o) - expect) > 1e-5 * expect) {
                throw new UnsupportedModelException(
                        n.name(),
                        n.op().toString(),
                        "bias scale of channel "
                                + o
                                + " is "
                                + b.quantization().scale(o)
                                + ", expected input scale × weight scale = "
                                + expect);
            }
        }
        return ctx.int32Array(base + "_bias", b.int32Data());
    }

    /** The {@code tp_act_f32} initialiser of a float layer's clamp. */
    static String actF32(Clamp c) {
        return "{" + CLiterals.float32OrInf(c.min()) + ", " + CLiterals.float32OrInf(c.max()) + "}";
    }
}
