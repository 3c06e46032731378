package org.tinyprune.nn.onnx;

import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * BatchNormalization (inference form) → {@link BatchNorm2d} with gamma, beta, running mean and
 * variance, epsilon, and momentum from the attribute (ONNX's momentum weighs the old running value,
 * ours the new batch statistic: ours = 1 − ONNX's), so fine-tuning uses batch statistics and
 * updates the running ones as the exporter's framework would.
 */
final class NormTranslator {
    private NormTranslator() {}

    static void batchNorm(NodeProto n, Translation t) {
        Attrs a = Attrs.of(n, "epsilon", "momentum", "spatial", "training_mode", "is_test");
        if (a.integer("training_mode", 0) != 0) {
            throw new Unsupported(
                    "training_mode=1 is not supported; export the model in eval mode (model.eval())");
        }
        if (a.integer("spatial", 1) != 1) {
            throw new Unsupported("spatial=0 (per-element statistics) is not supported");
        }
        for (int i = 1; i < n.getOutputCount(); i++) {
            if (!n.getOutput(i).isEmpty() && t.readers(n.getOutput(i)) > 0) {
                throw new Unsupported(
                        "output " + i + " (training statistics) is read; export in eval mode");
            }
        }
        String x = t.activation(n, 0);
        int[] s = t.shape(x);
        if (s.length != 3) {
            throw new Unsupported(
                    "input '"
                            + n.getInput(0)
                            + "' has shape "
                            + Shapes.str(Shapes.batched(1, s))
                            + "; only BatchNorm over N×C×H×W (BatchNorm2d) is supported");
        }
        int c = s[0];
        float momentum = a.real("momentum", 0.9f);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new Unsupported("momentum " + momentum + " is outside [0, 1]");
        }
        float eps = a.real("epsilon", 1e-5f);
        if (!(eps > 0)) {
            throw new Unsupported("epsilon " + eps + " must be positive");
        }
        BatchNorm2d bn = new BatchNorm2d(c, eps, 1f - momentum);
        String[] names = {"scale", "B", "mean", "var"};
        float[][] dst = {
            bn.gamma().values(),
            bn.beta().values(),
            bn.runningMean().values(),
            bn.runningVar().values()
        };
        for (int i = 0; i < 4; i++) {
            ConstTensor p = t.constant(n, i + 1);
            if (!p.isFloat() || p.size() != c) {
                throw new Unsupported(
                        names[i]
                                + " '"
                                + n.getInput(i + 1)
                                + "' must be a float vector of "
                                + c
                                + " values, got "
                                + p);
            }
            System.arraycopy(p.floats(), 0, dst[i], 0, c);
        }
        for (int k = 0; k < c; k++) {
            if (!(dst[3][k] >= 0)) {
                throw new Unsupported(
                        "var '"
                                + n.getInput(4)
                                + "' of channel "
                                + k
                                + " is "
                                + dst[3][k]
                                + "; a variance cannot be negative (the statistics are damaged)");
            }
        }
        t.add(n.getOutput(0), bn, x);
    }
}
