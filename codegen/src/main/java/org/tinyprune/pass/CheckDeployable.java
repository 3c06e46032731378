package org.tinyprune.pass;

import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * Final check after the other passes: no import-only op is left, every activation has rank 1 to 4
 * (a 5-D tensor survives only outside the channel-shuffle pattern), and the graph is either all
 * float or a consistent int8 graph (int8 activations with per-tensor quantisation, int8 weights
 * symmetric per output channel, int32 biases, no float softmax). Changes nothing.
 */
public final class CheckDeployable implements GraphPass {
    @Override
    public String name() {
        return "check-deployable";
    }

    @Override
    public Graph apply(Graph g) throws UnsupportedModelException {
        boolean int8 = g.isQuantized();
        for (Node n : g.nodes()) {
            if (n.op().isImportOnly()) {
                throw fail(
                        n,
                        "left over after folding: "
                                + (n.op() == OpKind.BATCH_NORM
                                        ? "batch norm could not be folded"
                                        : "QuantizeLinear/DequantizeLinear must surround every computing op of a QDQ model "
                                                + "(a float op in an int8 graph cannot be deployed)"));
            }
            Tensor out = g.outputOf(n);
            if (out.rank() < 1 || out.rank() > 4) {
                throw fail(
                        n,
                        "output '"
                                + out.name()
                                + "' has rank "
                                + out.rank()
                                + " ("
                                + out
                                + "); activations "
                                + "must have 1 to 4 dimensions (5-D tensors are supported only in the channel shuffle "
                                + "Reshape [N, g, C/g, H, W] -> Transpose (0, 2, 1, 3, 4) -> Reshape [N, C, H, W])");
            }
            if (!int8) {
                continue;
            }
            if (n.op() == OpKind.SOFTMAX) {
                throw fail(
                        n,
                        "int8 graphs end with logits; the kernels have no int8 softmax (drop it before "
                                + "export; the host applies softmax to dequantised logits)");
            }
            checkActivation(n, out);
            for (Tensor t : g.inputsOf(n)) {
                if (!t.isConstant() || n.op() == OpKind.MUL) {
                    checkActivation(n, t); // a constant factor too: int8, per tensor
                }
            }
            if (n.op().hasWeights()) {
                checkWeights(n, g.tensor(n.input(1)));
                if (n.inputs().size() == 3 && g.tensor(n.input(2)).dtype() != DType.INT32) {
                    throw fail(n, "bias '" + n.input(2) + "' must be int32 in an int8 graph");
                }
            }
        }
        return g;
    }

    private static void checkActivation(Node n, Tensor t) throws UnsupportedModelException {
        if (t.dtype() != DType.INT8 || t.quantization() == null || t.quantization().isPerAxis()) {
            throw fail(
                    n,
                    "tensor '"
                            + t.name()
                            + "' ("
                            + t
                            + ") must be int8 with per-tensor quantisation");
        }
    }

    private static void checkWeights(Node n, Tensor w) throws UnsupportedModelException {
        Quantization q = w.quantization();
        if (w.dtype() != DType.INT8 || q == null || !q.isPerAxis() || q.axis() != 0) {
            throw fail(
                    n,
                    "weight '"
                            + w.name()
                            + "' must be int8 quantised per output channel (axis 0), is "
                            + w);
        }
        for (int zp : q.zeroPoints()) {
            if (zp != 0) {
                throw fail(
                        n,
                        "weight '"
                                + w.name()
                                + "' has zero point "
                                + zp
                                + "; weights must be symmetric");
            }
        }
    }

    private static UnsupportedModelException fail(Node n, String why) {
        return new UnsupportedModelException(n.name(), n.op().toString(), why);
    }
}
