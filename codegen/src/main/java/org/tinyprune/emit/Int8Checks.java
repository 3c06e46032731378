package org.tinyprune.emit;

import org.tinyprune.ir.Node;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/** Emission-time checks shared by the value-moving int8 ops (pools, concat, clamp). */
final class Int8Checks {
    private Int8Checks() {}

    /**
     * Fails unless {@code out} has exactly {@code in}'s quantisation (the kernels do not rescale).
     */
    static void sameQuantization(Node n, Tensor in, Tensor out) throws UnsupportedModelException {
        if (in.quantization() != null && !in.quantization().equals(out.quantization())) {
            throw new UnsupportedModelException(
                    n.name(),
                    n.op().toString(),
                    "output '"
                            + out.name()
                            + "' is quantised "
                            + out.quantization()
                            + " but input '"
                            + in.name()
                            + "' is "
                            + in.quantization()
                            + "; the int8 kernel needs equal scale and zero point");
        }
    }
}
